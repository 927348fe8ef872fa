using System.Text;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using MassTransit.Testing;

namespace IngestionPipeline.Components.Tests;

public sealed class PipelineTests
{
    [Fact]
    public async Task Ingest_samples_each_flows_through_every_stage_into_version_1()
    {
        await using var host = await PipelineTestHost.StartAsync();
        foreach (var file in RepositoryPaths.SampleFiles)
        {
            var outcome = await host.IngestAsync(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), Path.GetFileName(file));

            Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
            Assert.Equal(1, outcome.Version);
        }

        var ct = TestContext.Current.CancellationToken;
        Assert.True(await host.Harness.Consumed.Any<ReportFileSubmitted>(ct));
        Assert.True(await host.Harness.Consumed.Any<ReportExtracted>(ct));
        Assert.True(await host.Harness.Consumed.Any<ReportNormalized>(ct));
        Assert.True(await host.Harness.Consumed.Any<ReportValidated>(ct));
        Assert.Equal(5, host.Harness.Published.Select<ReportVersionCreated>(ct).Count());
        Assert.Equal(5, (await host.Store.ListHeadsAsync(ct)).Count);
    }

    [Fact]
    public async Task Ingest_same_files_twice_second_time_unchanged_and_no_new_version()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var files = RepositoryPaths.SampleFiles;
        var ct = TestContext.Current.CancellationToken;
        foreach (var file in files)
        {
            await host.IngestAsync(await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file));
        }

        foreach (var file in files)
        {
            var again = await host.IngestAsync(await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file));
            Assert.Equal(IngestionOutcomeKind.Unchanged, again.Kind);
            Assert.Equal(1, again.Version);
        }

        foreach (var head in await host.Store.ListHeadsAsync(ct))
        {
            Assert.Equal(1, head.CurrentVersion);
            Assert.Single(await host.Store.ListVersionsAsync(head.ReportKey, ct));
        }
    }

    [Fact]
    public async Task Ingest_changed_table_value_creates_version_2_listing_exactly_that_cell()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var sample = RepositoryPaths.SampleFiles.Single(f => Path.GetFileName(f).StartsWith("004", StringComparison.Ordinal));
        var original = await File.ReadAllTextAsync(sample, ct);
        var first = await host.IngestAsync(Encoding.UTF8.GetBytes(original), "004.txt");

        // 行政处罚 105 → 106: a corrected re-publication.
        var corrected = original.Replace("行政处罚\t105", "行政处罚\t106", StringComparison.Ordinal);
        Assert.NotEqual(original, corrected);
        var second = await host.IngestAsync(Encoding.UTF8.GetBytes(corrected), "004-corrected.txt");

        Assert.Equal(IngestionOutcomeKind.VersionCreated, second.Kind);
        Assert.Equal(first.ReportKey, second.ReportKey);
        Assert.Equal(2, second.Version);
        var v2 = await host.Store.GetVersionAsync(second.ReportKey!, 2, ct);
        var change = Assert.Single(v2!.Changes);
        Assert.Equal("activeDisclosure.punishment.processed", change.Path);
        Assert.Equal(105m, change.OldValue);
        Assert.Equal(106m, change.NewValue);
        Assert.Equal(1, v2.PreviousVersion);
        var document = ReportJson.Deserialize(v2.DocumentJson);
        Assert.Equal(106m, document["activeDisclosure.punishment.processed"].Value);
    }

    [Fact]
    public async Task Ingest_samples_then_corrected_copy_then_everything_again_only_that_report_moves_to_version_2()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var files = RepositoryPaths.SampleFiles.ToDictionary(f => Path.GetFileName(f)!, f => File.ReadAllBytes(f));
        var original = Encoding.UTF8.GetString(files.Single(f => f.Key.StartsWith("004", StringComparison.Ordinal)).Value);
        var corrected = Encoding.UTF8.GetBytes(original.Replace("规章\t0\t0\t0\n行政规范性文件\t0\t0\t9", "规章\t0\t0\t0\n行政规范性文件\t0\t0\t10", StringComparison.Ordinal));
        Assert.NotEqual(original, Encoding.UTF8.GetString(corrected));

        foreach (var (name, content) in files)
        {
            await host.IngestAsync(content, name);
        }

        var v2 = await host.IngestAsync(corrected, "004-corrected.txt");
        foreach (var (name, content) in files.Append(new("004-corrected.txt", corrected)))
        {
            var again = await host.IngestAsync(content, name);
            Assert.Equal(IngestionOutcomeKind.Unchanged, again.Kind);
        }

        Assert.Equal(IngestionOutcomeKind.VersionCreated, v2.Kind);
        Assert.Equal(2, v2.Version);
        var heads = await host.Store.ListHeadsAsync(ct);
        Assert.Equal(5, heads.Count);
        Assert.All(heads, h => Assert.Equal(h.ReportKey == v2.ReportKey ? 2 : 1, h.CurrentVersion));
        var change = Assert.Single((await host.Store.GetVersionAsync(v2.ReportKey!, 2, ct))!.Changes);
        Assert.Equal("activeDisclosure.normativeDocuments.valid", change.Path);
        Assert.Equal(9m, change.OldValue);
        Assert.Equal(10m, change.NewValue);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x9C, 0x00 }, ReasonCodes.UnsupportedFormat)]
    [InlineData(new byte[0], ReasonCodes.EmptyFile)]
    public async Task Ingest_bad_file_rejected_with_reason_and_raw_bytes_kept(byte[] content, string reasonCode)
    {
        await using var host = await PipelineTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var outcome = await host.IngestAsync(content, "junk.pdf");

        Assert.Equal(IngestionOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(reasonCode, outcome.ReasonCode);
        var rejected = host.Harness.Published.Select<ReportRejected>(ct).Single().Context.Message;
        Assert.Equal(StageNames.Extract, rejected.Stage);
        Assert.Equal(content, await host.Store.GetRawFileAsync(rejected.RawSha256, ct));
        var ingestion = await host.Store.GetIngestionAsync(outcome.IngestionId, ct);
        Assert.Equal(IngestionStatus.Rejected, ingestion!.Status);
        Assert.Equal(reasonCode, ingestion.ReasonCode);
        Assert.False(await host.Harness.Published.Any<MassTransit.Fault<ReportFileSubmitted>>(ct));
    }

    [Fact]
    public async Task Ingest_text_that_is_no_report_rejected_as_not_a_report()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var text = "<p>hello</p>\n今天天气很好，我们去公园散步吧。\n这是一份购物清单：苹果、香蕉、牛奶。\n";

        var outcome = await host.IngestAsync(Encoding.UTF8.GetBytes(text), "notes.txt");

        Assert.Equal(IngestionOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(ReasonCodes.NotAReport, outcome.ReasonCode);
    }

    [Fact]
    public async Task Messages_carry_the_ingestion_id_as_correlation_id()
    {
        await using var host = await PipelineTestHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var sample = RepositoryPaths.SampleFiles[0];

        var outcome = await host.IngestAsync(await File.ReadAllBytesAsync(sample, ct), Path.GetFileName(sample));

        Assert.Equal(IngestionOutcomeKind.VersionCreated, outcome.Kind);
        var messages = host.Harness.Published.Select(_ => true, ct).ToList();
        // At least the version event: the loop below must not pass by checking nothing.
        Assert.Contains(messages, m => m.MessageType == typeof(ReportVersionCreated));
        foreach (var published in messages)
        {
            Assert.Equal(outcome.IngestionId, published.Context.CorrelationId);
        }
    }
}
