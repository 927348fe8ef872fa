using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Infrastructure.DependencyInjection;

public static class MongoStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the MongoDB store as the singleton <see cref="IReportStore"/> and its sub-interfaces (one
    /// <c>MongoClient</c> per process, as the driver recommends). Nothing connects until first use; the host
    /// still has to call <see cref="IReportStore.InitializeAsync"/> once to create the indexes.
    /// </summary>
    public static IServiceCollection AddMongoReportStore(
        this IServiceCollection services, string connectionString, string databaseName = MongoStoreOptions.DefaultDatabaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        return services.AddMongoReportStore(new MongoStoreOptions { ConnectionString = connectionString, DatabaseName = databaseName });
    }

    public static IServiceCollection AddMongoReportStore(this IServiceCollection services, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<IReportStore>(sp => new MongoReportStore(
            options, sp.GetService<ILogger<MongoReportStore>>(), sp.GetService<TimeProvider>()));
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
