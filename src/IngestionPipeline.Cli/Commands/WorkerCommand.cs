using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Configuration;
using IngestionPipeline.ServiceDefaults;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>worker [--stages extract,normalize,...] [--data DIR | --mongo URI] [--rabbitmq URI] [--concurrency N] [--management-url URL]</c>:
/// the RabbitMQ worker of <c>src/IngestionPipeline.Worker</c> (same <see cref="WorkerHost"/>) inside the CLI.
/// Runs until Ctrl+C or SIGTERM, then finishes in-flight messages and stops.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var stages = new Option<string?>("--stages") { Description = "Comma-separated stages to host: extract, normalize, validate, store (default: all)." };
        var data = DistributedOptions.Data();
        var mongo = DistributedOptions.Mongo();
        var rabbitMq = DistributedOptions.RabbitMq();
        var concurrency = new Option<int?>("--concurrency") { Description = "Messages processed at once per stage (default: cores for extract, 2×cores for the others)." };
        var prefix = DistributedOptions.QueuePrefix();
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Log JSON lines (compact Serilog format) instead of text." };
        var management = new Option<string?>("--management-url")
        {
            Description = "Serve /health/live, /health/ready and /metrics at this URL (e.g. http://0.0.0.0:8080; port 0 picks a free port). Off by default.",
        };
        var startupTimeout = new Option<int?>("--startup-timeout")
        {
            Description = "Seconds to keep trying an unreachable broker at start-up before exiting (without --management-url; default RabbitMq:StartupTimeout, 30).",
        };
        var command = new Command("worker", "Host pipeline stages on RabbitMQ until stopped (Ctrl+C / SIGTERM).") { stages, data, mongo, rabbitMq, concurrency, prefix, jsonLogs, management, startupTimeout };
        command.SetAction((result, ct) => RunAsync(
            result.GetValue(stages), result.GetValue(data), result.GetValue(mongo), result.GetValue(rabbitMq)!,
            result.GetValue(concurrency), result.GetValue(prefix), result.GetValue(jsonLogs), result.GetValue(management), result.GetValue(startupTimeout), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string? stageList, string? data, string? mongo, string rabbitMq, int? concurrency, string? prefix, bool jsonLogs, string? managementUrl, int? startupTimeout, CancellationToken cancellationToken)
    {
        var stages = (stageList ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (stages.FirstOrDefault(s => !PipelineOptions.AllStages.Contains(s, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"Unknown stage '{unknown}': use any of {string.Join(", ", PipelineOptions.AllStages)}.");
            return 2;
        }

        if (concurrency is < 1 or > 256)
        {
            await Console.Error.WriteLineAsync("--concurrency must be between 1 and 256.");
            return 2;
        }

        if (startupTimeout is < 1 or > 3600)
        {
            await Console.Error.WriteLineAsync("--startup-timeout must be between 1 and 3600 seconds.");
            return 2;
        }

        if (managementUrl is not null && !(Uri.TryCreate(managementUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            await Console.Error.WriteLineAsync($"--management-url must be an http:// URL, not '{managementUrl}'.");
            return 2;
        }

        if (DistributedOptions.ResolveStore(data, mongo) is not { } store || !DistributedOptions.TryGetBroker(rabbitMq, out var broker))
        {
            return 2;
        }

        using var host = WorkerHost.CreateBuilder(new WorkerHostSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Store = store,
            RabbitMqUri = broker,
            JsonLogs = jsonLogs,
            // Off unless asked for: several workers share one machine (tests, split stages).
            ManagementUrls = managementUrl ?? string.Empty,
            BrokerStartupTimeout = startupTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            ConfigurePipeline = o =>
            {
                if (stages.Length > 0)
                {
                    o.Stages = stages.Select(DistributedOptions.StageName).ToList();
                }

                if (concurrency is { } n)
                {
                    o.ExtractConcurrency = n;
                    o.StageConcurrency = n;
                }

                if (!string.IsNullOrWhiteSpace(prefix))
                {
                    o.QueuePrefix = prefix;
                }
            },
        }).Build();

        try
        {
            await WorkerHost.RunAsync(host, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the bus was up.
        }
        catch (StartupProblemException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return StartupProblemException.ExitCode;
        }

        return 0;
    }
}
