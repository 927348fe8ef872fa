using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Infrastructure.DependencyInjection;

public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded SQLite store (<c>&lt;dataDirectory&gt;/ingestion.db</c>) as the singleton
    /// <see cref="IReportStore"/> and its sub-interfaces. The host still has to call
    /// <see cref="IReportStore.InitializeAsync"/> once before use.
    /// </summary>
    public static IServiceCollection AddSqliteReportStore(this IServiceCollection services, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return services.AddSqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
    }

    public static IServiceCollection AddSqliteReportStore(this IServiceCollection services, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<IReportStore>(sp => new SqliteReportStore(options, sp.GetService<TimeProvider>()));
        // One instance behind every port, so a consumer asking for a narrow interface sees the same store.
        services.AddSingleton<IRawFileStore>(sp => sp.GetRequiredService<IReportStore>());
        services.AddSingleton<IIngestionStore>(sp => sp.GetRequiredService<IReportStore>());
        services.AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<IReportStore>());
        services.AddSingleton<IReportVersionStore>(sp => sp.GetRequiredService<IReportStore>());
        services.AddSingleton<IIdempotencyKeyStore>(sp => sp.GetRequiredService<IReportStore>() as IIdempotencyKeyStore
            ?? throw new InvalidOperationException("The registered IReportStore does not keep idempotency keys."));
        return services;
    }
}
