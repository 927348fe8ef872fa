using IngestionPipeline.Infrastructure.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;

namespace IngestionPipeline.Infrastructure.DependencyInjection;

/// <summary>
/// Which storage adapter a pipeline process uses: the embedded SQLite store in a data directory (the
/// default) or MongoDB. Every process of one pipeline must point at the same store.
/// </summary>
public sealed record PipelineStore
{
    private PipelineStore()
    {
    }

    /// <summary>The SQLite data directory (absolute), when this is the embedded store.</summary>
    public string? DataDirectory { get; private init; }

    /// <summary>The MongoDB connection string, when this is the MongoDB store.</summary>
    public string? MongoConnectionString { get; private init; }

    /// <summary>The MongoDB database: the one named in the connection string's path, else the adapter's default.</summary>
    public string MongoDatabaseName { get; private init; } = MongoStoreOptions.DefaultDatabaseName;

    public bool IsMongo => MongoConnectionString is not null;

    /// <summary>
    /// The embedded store in <paramref name="dataDirectory"/>; a relative path is resolved here, once, against the
    /// current directory (where the user stands when starting any host), never against a host's content root.
    /// </summary>
    public static PipelineStore Sqlite(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new PipelineStore { DataDirectory = Path.GetFullPath(dataDirectory, Environment.CurrentDirectory) };
    }

    /// <summary>The MongoDB store; throws <see cref="MongoConfigurationException"/> when the connection string is not a MongoDB URL.</summary>
    /// <param name="databaseName">The database; null takes the one in the connection string's path, else <see cref="MongoStoreOptions.DefaultDatabaseName"/>.</param>
    public static PipelineStore Mongo(string connectionString, string? databaseName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var fromUrl = new MongoUrl(connectionString).DatabaseName;
        return new PipelineStore
        {
            MongoConnectionString = connectionString,
            MongoDatabaseName = !string.IsNullOrWhiteSpace(databaseName) ? databaseName
                : string.IsNullOrEmpty(fromUrl) ? MongoStoreOptions.DefaultDatabaseName : fromUrl,
        };
    }

    /// <summary>Registers the chosen adapter as <c>IReportStore</c> and its sub-interfaces.</summary>
    public IServiceCollection Register(IServiceCollection services) =>
        IsMongo
            ? services.AddMongoReportStore(MongoConnectionString!, MongoDatabaseName)
            : services.AddSqliteReportStore(DataDirectory!);

    /// <summary>For logs and summaries; never prints credentials.</summary>
    public override string ToString() =>
        IsMongo ? $"MongoDB {string.Join(',', new MongoUrl(MongoConnectionString).Servers)}/{MongoDatabaseName}" : $"SQLite {Path.GetFullPath(DataDirectory!)}";
}

