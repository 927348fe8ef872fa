using System.CommandLine;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;

namespace IngestionPipeline.Cli.Hosting;

/// <summary>Options of the commands that talk to RabbitMQ (worker, submit, status, errors).</summary>
internal static class DistributedOptions
{
    public static Option<string> RabbitMq() => new("--rabbitmq")
    {
        Description = "RabbitMQ URI (default: $RABBITMQ_URI, else amqp://guest:guest@localhost:5672/).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : RabbitMqOptions.DefaultUri,
    };

    public static Option<string?> QueuePrefix() => new("--queue-prefix")
    {
        Description = "Prefix of the queue and exchange names, to run an isolated pipeline on a shared broker (tests, tenants).",
    };

    /// <summary>--data without a default, so that it can be told apart from --mongo.</summary>
    public static Option<string?> Data() => new("--data")
    {
        Description = $"Directory of the SQLite store shared by all processes (default {Commands.CommonOptions.DefaultDataDirectory}).",
    };

    public static Option<string?> Mongo() => new("--mongo")
    {
        Description = "MongoDB connection string: use the MongoDB store instead of SQLite (database from the URI path, default 'ingestion').",
    };

    public static bool TryGetBroker(string value, out Uri uri)
    {
        if (RabbitMqOptions.IsBrokerUri(value))
        {
            uri = new Uri(value, UriKind.Absolute);
            return true;
        }

        uri = null!;
        Console.Error.WriteLine($"--rabbitmq must be an amqp:// or amqps:// URI, not '{value}'.");
        return false;
    }

    public static PipelineStore? ResolveStore(string? data, string? mongo)
    {
        if (data is not null && mongo is not null)
        {
            Console.Error.WriteLine("Use either --data or --mongo, not both.");
            return null;
        }

        try
        {
            return mongo is not null ? PipelineStore.Mongo(mongo) : PipelineStore.Sqlite(data ?? Commands.CommonOptions.DefaultDataDirectory);
        }
        catch (MongoDB.Driver.MongoConfigurationException)
        {
            // Not the driver's message: it quotes the connection string, password included.
            Console.Error.WriteLine("--mongo is not a MongoDB connection string (mongodb:// or mongodb+srv://).");
            return null;
        }
    }

    public static Argument<string> Stage() => new("stage")
    {
        Description = "extract, normalize, validate or store.",
        Validators =
        {
            r =>
            {
                var value = r.GetValueOrDefault<string>();
                if (!PipelineOptions.AllStages.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    r.AddError($"Unknown stage '{value}': use one of {string.Join(", ", PipelineOptions.AllStages)}.");
                }
            },
        },
    };

    public static string Describe(Uri broker) => $"{broker.Host}:{(broker.Port > 0 ? broker.Port : 5672)}";

    public static IEnumerable<string> AllQueues(string? prefix) =>
        PipelineOptions.AllStages.SelectMany(s => new[] { PipelineQueues.QueueName(s, prefix), PipelineQueues.ErrorQueueName(s, prefix) });

    public static string StageName(string stage) => PipelineOptions.AllStages.First(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}
