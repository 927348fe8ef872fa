using IngestionPipeline.Components.Intake;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog.Events;

namespace IngestionPipeline.Cli.Hosting;

/// <summary>
/// Builds the host of <c>submit</c> on <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>: intake only, on
/// RabbitMQ, for the workers of <paramref name="queuePrefix"/> sharing <paramref name="store"/>; warnings and errors
/// on stderr (stdout is the command's output).
/// </summary>
internal static class IntakeHost
{
    public static IHost Build(PipelineStore store, Uri broker, string? queuePrefix)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddServiceDefaults(new ServiceDefaultsSettings
        {
            Role = PipelineRole.Intake,
            Store = store,
            RabbitMqUri = broker,
            ConfigurePipeline = o =>
            {
                if (!string.IsNullOrWhiteSpace(queuePrefix))
                {
                    o.QueuePrefix = queuePrefix;
                }
            },
            ConsoleMinimumLevel = LogEventLevel.Warning,
            ConsoleToStandardError = true,
            ExportMetrics = false,
        });
        // Operators run the CLI on their own network: intranet mirrors are fine here (the API refuses them by default).
        builder.Services.AddUrlDownloader(o => o.AllowPrivateNetworks = true);
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.StartTimeout = TimeSpan.FromSeconds(30);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder.Build();
    }
}
