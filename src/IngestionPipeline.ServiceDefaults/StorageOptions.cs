using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>
/// The store of a host, bound from the <c>Storage</c> section: MongoDB when <see cref="MongoUri"/> is set, else the
/// embedded SQLite store in <see cref="DataDirectory"/>. Every process of one pipeline must name the same store.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string DefaultDataDirectory = "./data";

    /// <summary>Directory of the SQLite store (<c>ingestion.db</c>); empty means <see cref="DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>MongoDB connection string (<c>Storage__MongoUri</c>); set, it selects the MongoDB store.</summary>
    public string? MongoUri { get; set; }

    /// <summary>MongoDB database; empty takes the database in <see cref="MongoUri"/>'s path, else <c>ingestion</c>.</summary>
    public string? MongoDatabase { get; set; }

    /// <summary>The store these options name (call after validation: a malformed <see cref="MongoUri"/> throws).</summary>
    public PipelineStore ToStore() =>
        string.IsNullOrWhiteSpace(MongoUri)
            ? PipelineStore.Sqlite(string.IsNullOrWhiteSpace(DataDirectory) ? DefaultDataDirectory : DataDirectory)
            : PipelineStore.Mongo(MongoUri, string.IsNullOrWhiteSpace(MongoDatabase) ? null : MongoDatabase);
}

/// <summary>Checks that <see cref="StorageOptions.MongoUri"/>, when set, is a MongoDB URL.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.MongoUri))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            _ = new MongoUrl(options.MongoUri);
            return ValidateOptionsResult.Success;
        }
        catch (MongoConfigurationException)
        {
            // Not the driver's message: it quotes the connection string, password included.
            return ValidateOptionsResult.Fail("Storage:MongoUri is not a MongoDB connection string (mongodb:// or mongodb+srv://, see the driver's connection string format).");
        }
    }
}
