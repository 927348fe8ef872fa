using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Operations;
using IngestionPipeline.Contracts;
using IngestionPipeline.Infrastructure.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>
/// What a host built by <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> checks before it starts, so that a
/// wrong setting ends the process within seconds with one line naming it (<see cref="StartupProblemException"/>)
/// instead of a stack trace or a reconnect loop: the store path is a usable directory, the broker answers (retried
/// until <paramref name="brokerDeadline"/>), and the extraction sandbox's child is there when this host extracts.
/// </summary>
public static class StartupChecks
{
    /// <summary>How long a command-line intake (<c>ingest submit</c>, <c>status</c>) waits for the broker before it gives up.</summary>
    public static readonly TimeSpan InteractiveBrokerDeadline = TimeSpan.FromSeconds(4);

    /// <summary>Throws <see cref="StartupProblemException"/> for the first problem found; see the class remarks.</summary>
    /// <param name="services">The built host's services.</param>
    /// <param name="brokerDeadline">How long to keep trying an unreachable broker; null checks it once (<see cref="BrokerProbe.DefaultAttemptTimeout"/>).</param>
    /// <param name="checkBroker">False leaves the broker to MassTransit's reconnect loop (a worker with a management listener).</param>
    /// <param name="cancellationToken">Stops waiting for the broker.</param>
    public static async Task EnsureAsync(IServiceProvider services, TimeSpan? brokerDeadline = null, bool checkBroker = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var composition = services.GetRequiredService<HostComposition>();
        if (FindStoreProblem(composition.Store) is { } store)
        {
            throw new StartupProblemException(store);
        }

        if (ExtractsHere(services, composition) && services.GetService<IOptions<ExtractionOptions>>() is { } extraction
            && ExtractionPrerequisites.FindProblem(extraction.Value) is { } tool)
        {
            throw new StartupProblemException(tool);
        }

        if (checkBroker && composition.RabbitMqUri is { } broker && await FindBrokerProblemAsync(broker, brokerDeadline, cancellationToken) is { } unreachable)
        {
            throw new StartupProblemException($"{unreachable}: check RabbitMq:Uri (--rabbitmq, $RABBITMQ_URI)");
        }
    }

    /// <summary>Null when the SQLite directory of <paramref name="store"/> exists or can be created and is writable (MongoDB: not checked here).</summary>
    public static string? FindStoreProblem(PipelineStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.IsMongo || store.DataDirectory is not { } directory)
        {
            return null;
        }

        const string Setting = "Storage:DataDirectory (--data)";
        if (File.Exists(directory))
        {
            return $"The store path {directory} is a file, not a directory: set {Setting} to a directory";
        }

        try
        {
            Directory.CreateDirectory(directory);
            var database = Path.Combine(directory, "ingestion.db");
            if (File.Exists(database))
            {
                using (File.Open(database, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
                {
                }
            }
            else
            {
                var probe = Path.Combine(directory, $".write-check-{Guid.NewGuid():N}");
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"The store at {directory} cannot be written ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}): set {Setting} to a writable directory";
        }
    }

    /// <summary>Probes <paramref name="broker"/> until it answers or <paramref name="deadline"/> passes; the last problem, or null.</summary>
    public static async Task<string?> FindBrokerProblemAsync(Uri broker, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var until = DateTimeOffset.UtcNow + (deadline ?? TimeSpan.Zero);
        while (true)
        {
            var left = until - DateTimeOffset.UtcNow;
            var attempt = left > BrokerProbe.DefaultAttemptTimeout || left <= TimeSpan.Zero ? BrokerProbe.DefaultAttemptTimeout : left;
            var problem = await BrokerProbe.ProbeAsync(broker, attempt, cancellationToken);
            var remaining = until - DateTimeOffset.UtcNow;
            if (problem is null || remaining <= TimeSpan.Zero || problem.Contains("user name or password", StringComparison.Ordinal))
            {
                return problem;
            }

            // One probe a second, the last one at the deadline: a broker that comes up just before it is still found.
            await Task.Delay(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static bool ExtractsHere(IServiceProvider services, HostComposition composition) => composition.Role switch
    {
        PipelineRole.Embedded => true,
        PipelineRole.Intake => composition.RabbitMqUri is null,
        PipelineRole.Worker => services.GetService<IOptions<PipelineOptions>>()?.Value.Runs(StageNames.Extract) ?? true,
        _ => false,
    };
}
