using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Extraction;

/// <summary>Registers <see cref="IExtractionService"/>: the sandbox by default, in-process when configured.</summary>
public static class ExtractionServiceCollectionExtensions
{
    public static IServiceCollection AddExtraction(this IServiceCollection services, Action<ExtractionOptions>? configure = null)
    {
        services.AddOptions<ExtractionOptions>()
            .BindConfiguration(ExtractionOptions.SectionName)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ParserOptions>();
        services.TryAddSingleton<IExtractionService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ExtractionOptions>>().Value;
            if (options.Mode == ExtractionMode.InProcess)
            {
                return new InProcessExtraction(sp.GetRequiredService<ReportParser>());
            }

            if (options.PoolSize == 0)
            {
                options.PoolSize = Math.Max(1, sp.GetService<IOptions<PipelineOptions>>()?.Value.ExtractConcurrency ?? Environment.ProcessorCount);
            }

            var metrics = sp.GetService<PipelineMetrics>();
            return new ExtractionSandbox(
                options,
                sp.GetRequiredService<ParserOptions>().MaxFileBytes,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ExtractionSandbox>(),
                metrics is null ? null : metrics.ExtractionChildLost);
        });
        return services;
    }
}
