using System.Diagnostics.Metrics;
using System.Text;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Tests;

/// <summary>The hand-off between stages: outputs in the messages or by claim check, durable writes only where owed, artifact retention.</summary>
public sealed class StageHandOffTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(byte[] Content, string Name)> SampleAsync()
    {
        var file = RepositoryPaths.SampleFiles[0];
        return (await File.ReadAllBytesAsync(file, Ct), Path.GetFileName(file));
    }

    [Fact]
    public async Task Outputs_travel_in_the_messages_the_stored_version_is_the_validated_bytes_and_no_artifact_is_written()
    {
        RecordingReportStore? store = null;
        await using var host = await PipelineTestHost.StartAsync(decorate: s => store = new RecordingReportStore(s));
        var (content, name) = await SampleAsync();

        var outcome = await host.IngestAsync(content, name);

        Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
        var extracted = host.Harness.Published.Select<ReportExtracted>(Ct).Single().Context.Message;
        var normalized = host.Harness.Published.Select<ReportNormalized>(Ct).Single().Context.Message;
        var validated = host.Harness.Published.Select<ReportValidated>(Ct).Single().Context.Message;
        Assert.NotNull(extracted.Document);
        Assert.NotNull(normalized.Report);
        Assert.NotNull(validated.Report);
        Assert.Equal(0, validated.ClaimChecks);
        var version = await host.Store.GetVersionAsync(outcome.ReportKey!, 1, Ct);
        Assert.Equal(Encoding.UTF8.GetString(validated.Report), version!.DocumentJson);

        // One durable commit at intake, one at the store stage, three progress updates; nothing written or read back in between.
        Assert.Equal(1, store!.Calls(nameof(IReportStore.AcceptSubmissionAsync)));
        Assert.Equal(3, store.Calls(nameof(IReportStore.RecordProgressAsync)));
        Assert.Equal(1, store.Calls(nameof(IReportStore.AppendVersionAndCompleteAsync)));
        Assert.Equal(0, store.Calls(nameof(IReportStore.UpdateIngestionAsync)));
        Assert.Equal(0, store.Calls(nameof(IReportStore.PutArtifactAsync)));
        Assert.Equal(0, store.Calls(nameof(IReportStore.GetArtifactAsync)));
        Assert.Null(await host.Store.GetArtifactAsync(outcome.IngestionId, StageNames.Extract, Ct));
        Assert.Equal(IngestionStatus.VersionCreated, (await host.Store.GetIngestionAsync(outcome.IngestionId, Ct))!.Status);
    }

    [Fact]
    public async Task Unchanged_content_costs_one_status_write_and_compares_with_the_head_without_loading_a_version()
    {
        RecordingReportStore? store = null;
        await using var host = await PipelineTestHost.StartAsync(decorate: s => store = new RecordingReportStore(s));
        var (content, name) = await SampleAsync();
        var first = await host.IngestAsync(content, name);
        store!.Reset();

        var again = await host.IngestAsync(content, name);

        Assert.Equal(IngestionOutcomeKind.Unchanged, again.Kind);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(1, store.Calls(nameof(IReportStore.UpdateIngestionAsync)));
        Assert.Equal(0, store.Calls(nameof(IReportStore.AppendVersionAndCompleteAsync)));
        Assert.Equal(1, store.Calls(nameof(IReportStore.GetHeadAsync)));

        // The only version read is the validate stage's look-up of the year before (absent here).
        Assert.Equal(1, store.Calls(nameof(IReportStore.GetVersionAsync)));
        Assert.Equal(IngestionStatus.Unchanged, (await host.Store.GetIngestionAsync(again.IngestionId, Ct))!.Status);
    }

    [Fact]
    public async Task Above_the_inline_limit_outputs_go_by_claim_check_which_is_deleted_once_the_version_is_stored()
    {
        RecordingReportStore? store = null;
        await using var host = await PipelineTestHost.StartAsync(
            configuration: new Dictionary<string, string?> { ["Pipeline:Artifacts:InlineLimitBytes"] = "0" },
            decorate: s => store = new RecordingReportStore(s));
        var (content, name) = await SampleAsync();

        var outcome = await host.IngestAsync(content, name);

        Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
        Assert.Null(host.Harness.Published.Select<ReportExtracted>(Ct).Single().Context.Message.Document);
        var validated = host.Harness.Published.Select<ReportValidated>(Ct).Single().Context.Message;
        Assert.Null(validated.Report);
        Assert.Equal(3, validated.ClaimChecks);
        Assert.Equal(3, store!.Calls(nameof(IReportStore.PutArtifactAsync)));
        Assert.Equal(3, store.Calls(nameof(IReportStore.GetArtifactAsync)));
        Assert.Equal([outcome.IngestionId], store.Deleted);
        Assert.Null(await host.Store.GetArtifactAsync(outcome.IngestionId, StageNames.Validate, Ct));
        Assert.NotNull(await host.Store.GetVersionAsync(outcome.ReportKey!, 1, Ct));
    }

    [Theory]
    [InlineData("failed", true)]
    [InlineData("none", false)]
    public async Task A_rejected_ingestion_keeps_the_input_of_the_stage_that_rejected_it_unless_told_to_keep_none(string keep, bool kept)
    {
        await using var host = await PipelineTestHost.StartAsync(configuration: new Dictionary<string, string?> { ["Pipeline:Artifacts:Keep"] = keep });
        var text = "今天天气很好，我们去公园散步吧。\n这是一份购物清单：苹果、香蕉、牛奶。\n";

        var outcome = await host.IngestAsync(Encoding.UTF8.GetBytes(text), "notes.txt");

        Assert.Equal(IngestionOutcomeKind.Rejected, outcome.Kind);
        var rejected = host.Harness.Published.Select<ReportRejected>(Ct).Single().Context.Message;
        Assert.Equal(StageNames.Normalize, rejected.Stage);
        var extracted = host.Harness.Published.Select<ReportExtracted>(Ct).Single().Context.Message;
        var artifact = await host.Store.GetArtifactAsync(outcome.IngestionId, StageNames.Extract, Ct);
        Assert.Equal(kept ? Encoding.UTF8.GetString(extracted.Document!) : null, artifact);
        Assert.Equal(IngestionStatus.Rejected, (await host.Store.GetIngestionAsync(outcome.IngestionId, Ct))!.Status);
    }

    [Fact]
    public async Task A_stage_that_gives_up_leaves_its_input_as_an_artifact_and_the_ingestion_failed()
    {
        await using var host = await PipelineTestHost.StartAsync();
        using var recorder = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var ingestionId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await host.Store.RecordSubmissionAsync(new IngestionRecord(ingestionId, new string('0', 64), "broken.txt", null, IngestionStatus.Submitted, now, now, StageNames.Submit), Ct);
        const string broken = "{ this is not the extracted document";

        await host.Harness.Bus.Publish(
            new ReportExtracted(ingestionId, new string('0', 64), "broken.txt", StageNames.Extract, "text/plain", "text", 1, Document: Encoding.UTF8.GetBytes(broken)),
            Ct);

        var failed = Assert.Single(await recorder.WaitForAsync("ingestion_pipeline.ingestions.failed", _ => true));
        Assert.Equal(StageNames.Normalize, failed.Tag("stage"));
        Assert.Equal(broken, await host.Store.GetArtifactAsync(ingestionId, StageNames.Extract, Ct));
        Assert.Equal(IngestionStatus.Failed, (await host.Store.GetIngestionAsync(ingestionId, Ct))!.Status);
    }

    [Fact]
    public async Task A_validated_report_delivered_again_is_announced_as_the_same_version_and_stored_once()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var (content, name) = await SampleAsync();
        var outcome = await host.IngestAsync(content, name);
        var validated = host.Harness.Published.Select<ReportValidated>(Ct).Single().Context.Message;

        // A redelivery or a redrive of the store stage's message (the worker died before acknowledging it).
        await host.Harness.Bus.Publish(validated, Ct);

        await host.Harness.InactivityTask.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(2, host.Harness.Consumed.Select<ReportValidated>(Ct).Count());
        Assert.Equal(2, host.Harness.Published.Select<ReportVersionCreated>(Ct).Count());
        Assert.All(host.Harness.Published.Select<ReportVersionCreated>(Ct), e => Assert.Equal((outcome.ReportKey, 1), (e.Context.Message.ReportKey, e.Context.Message.Version)));
        Assert.Single(await host.Store.ListVersionsAsync(outcome.ReportKey!, Ct));
        Assert.Equal(IngestionStatus.VersionCreated, (await host.Store.GetIngestionAsync(outcome.IngestionId, Ct))!.Status);
    }
}
