using System.Diagnostics;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// Issue 16 part 6: a host set up by <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> traces one ingestion as
/// one trace, from the intake span through MassTransit's publish and consume spans and the four stage spans, read
/// through OpenTelemetry's in-memory exporter.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Each_ingestion_is_one_trace_from_intake_through_every_stage_to_its_version()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("tracing");
        var spans = new List<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddServiceDefaults(new ServiceDefaultsSettings
        {
            Role = PipelineRole.Embedded,
            Store = PipelineStore.Sqlite(data.Path),
            ExportMetrics = false,
            ConfigureTracing = tracing => tracing.AddInMemoryExporter(spans),
        });
        builder.Services.Configure<ExtractionOptions>(o => o.Mode = ExtractionMode.InProcess);
        using var host = builder.Build();
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(ct);
        await host.StartAsync(ct);

        var ids = new List<Guid>();
        using (new Activity("batch request").Start())
        {
            // Two files in one caller span (as in one HTTP request): still one trace each.
            foreach (var file in RepositoryPaths.SampleFiles.Take(2))
            {
                using var scope = host.Services.CreateScope();
                var submitted = await scope.ServiceProvider.GetRequiredService<ReportIntake>()
                    .SubmitAsync(await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file), cancellationToken: ct);
                ids.Add(submitted.IngestionId);
            }
        }

        var tracker = host.Services.GetRequiredService<IngestionTracker>();
        foreach (var id in ids)
        {
            var outcome = await tracker.WaitAsync(id, ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
        }

        await host.StopAsync(ct);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var traces = new HashSet<ActivityTraceId>();
        foreach (var id in ids)
        {
            var tagged = spans.Where(s => Equals(s.GetTagItem(PipelineTracing.IngestionIdTag), id.ToString())).ToList();
            var intake = Assert.Single(tagged, s => s.OperationName == PipelineTracing.IntakeSpanName);
            Assert.Equal(default, intake.ParentSpanId);
            var trace = intake.TraceId;
            Assert.True(traces.Add(trace), "two ingestions share a trace");

            // Every span tagged with the ingestion, and every MassTransit span of its messages, is in its one trace.
            Assert.All(tagged, s => Assert.Equal(trace, s.TraceId));
            var inTrace = spans.Where(s => s.TraceId == trace).ToList();
            var stages = inTrace.Where(s => s.Source.Name == PipelineTracing.SourceName && s.OperationName != PipelineTracing.IntakeSpanName).Select(s => (string?)s.GetTagItem(PipelineTracing.StageTag)).ToList();
            Assert.Equal([StageNames.Extract, StageNames.Normalize, StageNames.Validate, StageNames.Store], stages.Order(StageOrder.Instance).ToList());
            Assert.Equal("created", inTrace.Single(s => s.Source.Name == PipelineTracing.SourceName && s.OperationName == PipelineTracing.StageSpanPrefix + StageNames.Store).GetTagItem(PipelineTracing.OutcomeTag));
            Assert.Contains(inTrace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
            Assert.Contains(inTrace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);

            // One tree: every span's parent is a span of the same trace, the intake span is its only root.
            var spanIds = inTrace.Select(s => s.SpanId).ToHashSet();
            Assert.All(inTrace.Where(s => s != intake), s => Assert.Contains(s.ParentSpanId, spanIds));

            // The caller's span is a link, not the parent.
            Assert.Single(intake.Links);
        }
    }

    private sealed class StageOrder : IComparer<string?>
    {
        public static readonly StageOrder Instance = new();

        public int Compare(string? x, string? y) => Index(x).CompareTo(Index(y));

        private static int Index(string? stage) => stage is null ? -1 : Configuration.PipelineOptions.AllStages.ToList().IndexOf(stage);
    }
}
