using System.Diagnostics.Metrics;
using IngestionPipeline.Components.Observability;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Tests;

/// <summary>The instruments of <see cref="PipelineMetrics"/>, recorded by the real consumers on the in-memory bus.</summary>
public sealed class PipelineMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingest_one_sample_records_submitted_stage_durations_findings_and_version_created()
    {
        await using var host = await PipelineTestHost.StartAsync();
        using var recorder = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var sample = RepositoryPaths.SampleFiles[0];

        var outcome = await host.IngestAsync(await File.ReadAllBytesAsync(sample, Ct), Path.GetFileName(sample));

        Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
        Assert.Single(await recorder.WaitForAsync("ingestion_pipeline.versions.created", _ => true));
        Assert.Single(recorder.Of("ingestion_pipeline.ingestions.submitted"));
        Assert.Empty(recorder.Of("ingestion_pipeline.ingestions.unchanged"));
        Assert.Empty(recorder.Of("ingestion_pipeline.ingestions.rejected"));
        var durations = recorder.Of("ingestion_pipeline.stage.duration");
        Assert.Equal(
            ["extract/ok", "normalize/ok", "store/created", "validate/ok"],
            durations.Select(d => $"{d.Tag("stage")}/{d.Tag("outcome")}").Order(StringComparer.Ordinal));
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 60));

        // One measurement per finding of the stored version, tagged with its rule id and severity.
        var stored = ReportJson.Deserialize((await host.Store.GetVersionAsync(outcome.ReportKey!, 1, Ct))!.DocumentJson);
        var findings = recorder.Of("ingestion_pipeline.validation.findings");
        Assert.Equal(
            stored.Findings.Select(f => $"{f.RuleId}/{f.Severity.ToString().ToLowerInvariant()}").Order(StringComparer.Ordinal),
            findings.Select(f => $"{f.Tag("rule_id")}/{f.Tag("severity")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ingest_same_sample_twice_records_unchanged_the_second_time()
    {
        await using var host = await PipelineTestHost.StartAsync();
        using var recorder = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var sample = RepositoryPaths.SampleFiles[0];
        var bytes = await File.ReadAllBytesAsync(sample, Ct);

        await host.IngestAsync(bytes, Path.GetFileName(sample));
        var again = await host.IngestAsync(bytes, Path.GetFileName(sample));

        Assert.Equal(IngestionOutcomeKind.Unchanged, again.Kind);
        Assert.Single(await recorder.WaitForAsync("ingestion_pipeline.ingestions.unchanged", _ => true));
        Assert.Single(recorder.Of("ingestion_pipeline.versions.created"));
        Assert.Equal(2, recorder.Of("ingestion_pipeline.ingestions.submitted").Count);
        Assert.Contains(recorder.Of("ingestion_pipeline.stage.duration"), d => d.Tag("stage") == StageNames.Store && d.Tag("outcome") == PipelineMetrics.Outcomes.Unchanged);
    }

    [Fact]
    public async Task Ingest_empty_file_records_rejected_with_stage_and_reason_code()
    {
        await using var host = await PipelineTestHost.StartAsync();
        using var recorder = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());

        var outcome = await host.IngestAsync([], "empty.pdf");

        Assert.Equal(IngestionOutcomeKind.Rejected, outcome.Kind);
        var rejected = Assert.Single(await recorder.WaitForAsync("ingestion_pipeline.ingestions.rejected", _ => true));
        Assert.Equal(StageNames.Extract, rejected.Tag("stage"));
        Assert.Equal(ReasonCodes.EmptyFile, rejected.Tag("reason_code"));
        var duration = Assert.Single(recorder.Of("ingestion_pipeline.stage.duration"));
        Assert.Equal(PipelineMetrics.Outcomes.Rejected, duration.Tag("outcome"));
        Assert.Empty(recorder.Of("ingestion_pipeline.versions.created"));
    }

    [Fact]
    public async Task Message_whose_artifact_is_missing_records_failed_once_for_its_stage()
    {
        await using var host = await PipelineTestHost.StartAsync();
        using var recorder = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var ingestionId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await host.Store.RecordSubmissionAsync(new IngestionRecord(ingestionId, new string('0', 64), "lost.txt", null, IngestionStatus.Submitted, now, now, StageNames.Submit), Ct);

        // The extract artifact was never stored: normalize retries, gives up, and the fault consumer marks the ingestion failed.
        await host.Harness.Bus.Publish(new ReportExtracted(ingestionId, new string('0', 64), "lost.txt", StageNames.Extract, "text/plain", "text", 0), Ct);

        var failed = Assert.Single(await recorder.WaitForAsync("ingestion_pipeline.ingestions.failed", _ => true));
        Assert.Equal(StageNames.Normalize, failed.Tag("stage"));
        Assert.Equal(IngestionStatus.Failed, (await host.Store.GetIngestionAsync(ingestionId, Ct))!.Status);
    }
}
