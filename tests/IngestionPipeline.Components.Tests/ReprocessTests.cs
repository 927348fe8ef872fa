using System.Globalization;
using System.Text;
using IngestionPipeline.Components.Reprocessing;
using IngestionPipeline.Components.Tracking;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Validation;
using IngestionPipeline.Corpus;
using IngestionPipeline.Testing;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Components.Tests;

/// <summary>
/// Re-processing (issue 16.1), one identity per agency-year (16.2) and the re-crawl short-circuit (19.2), through the
/// stage consumers on the in-memory harness over a real SQLite store.
/// </summary>
public sealed class ReprocessTests
{
    /// <summary>The cell the test's normalizer revision changes: a table 四 cell no cross-year rule reads.</summary>
    private const string RevisedPath = "reviewLitigation.review.maintain";

    private static readonly Dictionary<string, string?> InProcessExtraction = new() { ["Extraction:Mode"] = "InProcess" };

    /// <summary>"A changed normalizer rule": odd values of <see cref="RevisedPath"/> are read one higher.</summary>
    private static readonly NormalizerRevision BumpOddMaintain = new("test-bump-odd-maintain.1", report =>
        IsRevised(report.Cells.GetValueOrDefault(RevisedPath))
            ? report with
            {
                Cells = new Dictionary<string, Cell>(report.Cells, StringComparer.Ordinal)
                {
                    [RevisedPath] = report.Cells[RevisedPath] with
                    {
                        Value = report.Cells[RevisedPath].Value + 1,
                        Raw = (report.Cells[RevisedPath].Value + 1)!.Value.ToString(CultureInfo.InvariantCulture),
                    },
                },
            }
            : report);

    private static ReportParser RevisedParser() =>
        new(ExtractorRegistry.CreateDefault(), new ReportNormalizer(BumpOddMaintain), new ReportValidator(), new ParserOptions());

    [Fact]
    public void Parser_version_covers_the_normalizer_revision()
    {
        var current = ReportParser.CreateDefault().ParserVersion;

        Assert.Matches("^p-[0-9a-f]{16}$", current);
        Assert.Equal(current, ReportParser.CreateDefault().ParserVersion);
        Assert.NotEqual(current, RevisedParser().ParserVersion);
        Assert.NotEqual(current, ParserVersion.Of(["text@1"], ReportNormalizer.Name, ReportValidator.RuleSetVersion));
        Assert.NotEqual(
            ParserVersion.Of(["text@1"], ReportNormalizer.Name, "rules@1"),
            ParserVersion.Of(["text@1"], ReportNormalizer.Name, "rules@2"));
    }

    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Reprocess_1000_reports_after_a_normalizer_rule_change_creates_parser_change_versions_exactly_where_output_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("reprocess");
        var documents = DistinctReports(1000);
        var original = ReportParser.CreateDefault().ParserVersion;

        await using (var first = await PipelineTestHost.StartAsync(data.Path, InProcessExtraction))
        {
            // Year by year: each report's validation then sees the agency's year before, as re-processing will
            // (a report stored before its predecessor would gain cross-year findings when re-processed).
            foreach (var year in documents.GroupBy(d => d.Year).OrderBy(g => g.Key))
            {
                var outcomes = await IngestAllAsync(first, [.. year.Select(d => d.Document)], ct);
                Assert.All(outcomes, o => Assert.Equal(IngestionOutcomeKind.VersionCreated, o.Kind));
            }

            Assert.Equal(documents.Count, (await first.Store.ListHeadsAsync(ct)).Count);
        }

        await using var host = await PipelineTestHost.StartAsync(
            data.Path, InProcessExtraction, configureServices: s => s.AddSingleton(RevisedParser()));
        var heads = await host.Store.ListHeadsAsync(ct);
        var expectedChanged = new HashSet<string>(StringComparer.Ordinal);
        var before = new Dictionary<string, ReportVersionRecord>(StringComparer.Ordinal);
        foreach (var head in heads)
        {
            var v1 = (await host.Store.GetVersionAsync(head.ReportKey, 1, ct))!;
            Assert.Equal(original, v1.ParserVersion);
            Assert.Equal(VersionReason.New, v1.Reason);
            before[head.ReportKey] = v1;
            if (IsRevised(ReportJson.Deserialize(v1.DocumentJson).Cells.GetValueOrDefault(RevisedPath)))
            {
                expectedChanged.Add(head.ReportKey);
            }
        }

        // Both kinds must be present, or the test could not tell "exactly" from "all" or "none".
        Assert.InRange(expectedChanged.Count, 50, documents.Count - 50);

        var (summary, reprocessor) = await ReprocessAsync(host, new ReprocessSelection(StaleAgainst: RevisedParser().ParserVersion), ct);
        Assert.NotEqual(original, reprocessor.ParserVersion);
        Assert.Equal(documents.Count, summary.Results.Count);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(expectedChanged.Count, summary.NewVersions);

        var created = host.Harness.Published.Select<ReportVersionCreated>(ct).Select(m => m.Context.Message).ToDictionary(m => m.ReportKey, StringComparer.Ordinal);
        foreach (var head in await host.Store.ListHeadsAsync(ct))
        {
            var versions = await host.Store.ListVersionsAsync(head.ReportKey, ct);
            if (!expectedChanged.Contains(head.ReportKey))
            {
                Assert.Single(versions);
                Assert.False(created.ContainsKey(head.ReportKey));
                continue;
            }

            Assert.Equal(2, versions.Count);
            var v2 = versions[1];
            Assert.Equal(VersionReason.ParserChange, v2.Reason);
            Assert.Equal(reprocessor.ParserVersion, v2.ParserVersion);
            Assert.Equal(before[head.ReportKey].SourceSha256, v2.SourceSha256);
            var change = Assert.Single(v2.Changes, c => c.Path == RevisedPath);
            Assert.Equal(change.OldValue + 1, change.NewValue);
            var announced = created[head.ReportKey];
            Assert.Equal(VersionReasons.ParserChange, announced.Reason);
            Assert.Equal(2, announced.Version);
            Assert.Equal(v2.Changes.Count, announced.ChangedCellCount);
        }

        // A second re-processing finds nothing stale, and re-running on purpose creates nothing either.
        using var scope = host.Services.CreateScope();
        var reprocessorAgain = scope.ServiceProvider.GetRequiredService<ReportReprocessor>();
        Assert.Empty(await reprocessorAgain.SelectAsync(new ReprocessSelection(StaleAgainst: reprocessor.ParserVersion), ct));
        var sample = heads.Select(h => h.ReportKey).Where((_, i) => i % 10 == 0).ToList();
        var (again, _) = await ReprocessAsync(host, new ReprocessSelection(ReportKeys: sample), ct);
        Assert.Equal(sample.Count, again.Unchanged);
        Assert.Equal(documents.Count + expectedChanged.Count, await CountVersionsAsync(host, ct));
    }

    [Fact]
    public async Task Reprocess_selects_by_report_key_format_and_date()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await PipelineTestHost.StartAsync(configuration: InProcessExtraction);
        var keys = new List<string>();
        foreach (var file in RepositoryPaths.SampleFiles)
        {
            keys.Add((await host.IngestAsync(await File.ReadAllBytesAsync(file, ct), Path.GetFileName(file))).ReportKey!);
        }

        using var scope = host.Services.CreateScope();
        var reprocessor = scope.ServiceProvider.GetRequiredService<ReportReprocessor>();
        var all = await reprocessor.SelectAsync(new ReprocessSelection(), ct);
        Assert.Equal(keys.Order(StringComparer.Ordinal), all.Select(c => c.ReportKey));
        Assert.All(all, c => Assert.Equal(FormatDetector.Text, c.MediaType));

        Assert.Equal([keys[2]], (await reprocessor.SelectAsync(new ReprocessSelection(ReportKeys: [keys[2]]), ct)).Select(c => c.ReportKey));
        Assert.Empty(await reprocessor.SelectAsync(new ReprocessSelection(MediaType: FormatDetector.Pdf), ct));
        Assert.Equal(5, (await reprocessor.SelectAsync(new ReprocessSelection(MediaType: FormatDetector.Text), ct)).Count);
        var created = all.Min(c => c.CreatedAt);
        Assert.Equal(5, (await reprocessor.SelectAsync(new ReprocessSelection(CreatedFrom: created), ct)).Count);
        Assert.Empty(await reprocessor.SelectAsync(new ReprocessSelection(CreatedBefore: created), ct));
        Assert.Empty(await reprocessor.SelectAsync(new ReprocessSelection(StaleAgainst: reprocessor.ParserVersion), ct));
        Assert.Equal(5, (await reprocessor.SelectAsync(new ReprocessSelection(StaleAgainst: "p-0000000000000000"), ct)).Count);
    }

    [Fact]
    public async Task Same_file_with_and_without_each_hint_is_one_report()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await PipelineTestHost.StartAsync(configuration: InProcessExtraction);
        var sample = RepositoryPaths.SampleFiles.Single(f => Path.GetFileName(f).StartsWith("004", StringComparison.Ordinal));
        var text = await File.ReadAllTextAsync(sample, ct);
        var plain = await host.IngestAsync(Encoding.UTF8.GetBytes(text), "004.txt");
        Assert.Equal(IngestionOutcomeKind.VersionCreated, plain.Kind);
        var year = (await host.Store.GetHeadAsync(plain.ReportKey!, ct))!.Year;

        SubmissionHints[] hints =
        [
            new(AgencyId: "site-4711"),
            new(Region: "山东省临沂市兰陵县"),
            new(Organization: "兰陵县卫生健康局"),
            new(Year: year),
            new("site-4711", "兰陵县卫生健康局", "山东省临沂市兰陵县", year),
        ];
        for (var i = 0; i < hints.Length; i++)
        {
            // Other bytes each time (a trailing newline more), so every submission goes through every stage.
            var bytes = Encoding.UTF8.GetBytes(text + new string('\n', i + 1));
            var outcome = await host.IngestAsync(bytes, "004.txt", hints[i]);

            Assert.Equal(IngestionOutcomeKind.Unchanged, outcome.Kind);
            Assert.Equal(plain.ReportKey, outcome.ReportKey);
        }

        Assert.Single(await host.Store.ListHeadsAsync(ct));
        Assert.True(await host.Harness.Consumed.Any<ReportValidated>(m => m.Context.Message.Hints is { AgencyId: "site-4711", Region: not null }, ct));
    }

    [Fact]
    public async Task Recrawl_of_the_raw_file_behind_the_current_version_ends_unchanged_at_extract_without_artifacts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("recrawl");
        var sample = RepositoryPaths.SampleFiles[0];
        var bytes = await File.ReadAllBytesAsync(sample, ct);
        string reportKey;
        await using (var host = await PipelineTestHost.StartAsync(data.Path, InProcessExtraction))
        {
            var first = await host.IngestAsync(bytes, Path.GetFileName(sample));
            Assert.Equal(IngestionOutcomeKind.VersionCreated, first.Kind);
            reportKey = first.ReportKey!;

            var again = await host.IngestAsync(bytes, Path.GetFileName(sample));

            Assert.Equal(IngestionOutcomeKind.Unchanged, again.Kind);
            Assert.Equal(reportKey, again.ReportKey);
            Assert.Equal(1, again.Version);
            Assert.True(await host.Harness.Published.Any<ReportUnchanged>(m => m.Context.Message.IngestionId == again.IngestionId, ct));
            Assert.False(await host.Harness.Published.Any<ReportExtracted>(m => m.Context.Message.IngestionId == again.IngestionId, ct));
            Assert.Null(await host.Store.GetArtifactAsync(again.IngestionId, StageNames.Extract, ct));
            var record = await WaitForStatusAsync(host.Store, again.IngestionId, IngestionStatus.Unchanged, ct);
            Assert.Equal(reportKey, record.ReportKey);
            Assert.Equal(1, record.Version);
        }

        // Another parser build must read the file again: the short-circuit holds only for the current parser version.
        await using (var revised = await PipelineTestHost.StartAsync(data.Path, InProcessExtraction, configureServices: s => s.AddSingleton(RevisedParser())))
        {
            var reread = await revised.IngestAsync(bytes, Path.GetFileName(sample));

            Assert.True(await revised.Harness.Published.Any<ReportExtracted>(m => m.Context.Message.IngestionId == reread.IngestionId, ct));
            Assert.Equal(reportKey, reread.ReportKey);
        }
    }

    private static bool IsRevised(Cell? cell) =>
        cell is { Semantic: CellSemantic.Numeric, Inferred: false, Value: { } value } && value % 2 == 1;

    /// <summary>Generated TXT reports, one per agency-year (the generator repeats agencies; repeats are skipped).</summary>
    private static List<(GeneratedDocument Document, int Year)> DistinctReports(int count)
    {
        var parser = ReportParser.CreateDefault();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var documents = new List<(GeneratedDocument, int)>(count);
        foreach (var document in CorpusWriter.Generate("txt", count * 4, seed: 1606))
        {
            var parsed = parser.Parse(new RawFile(document.Content, document.FileName));
            if (parsed.IsSuccess && keys.Add(Core.Versioning.ReportIdentity.KeyFor(parsed.Value.Meta)))
            {
                documents.Add((document, parsed.Value.Meta.Year));
                if (documents.Count == count)
                {
                    return documents;
                }
            }
        }

        throw new InvalidOperationException($"The generator gave only {documents.Count} distinct reports.");
    }

    private static async Task<IngestionOutcome[]> IngestAllAsync(PipelineTestHost host, IReadOnlyList<GeneratedDocument> documents, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(32);
        return await Task.WhenAll(documents.Select(async d =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await host.IngestAsync(d.Content, d.FileName);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<(ReprocessSummary Summary, ReportReprocessor Reprocessor)> ReprocessAsync(PipelineTestHost host, ReprocessSelection selection, CancellationToken ct)
    {
        using var scope = host.Services.CreateScope();
        var reprocessor = scope.ServiceProvider.GetRequiredService<ReportReprocessor>();
        var candidates = await reprocessor.SelectAsync(selection, ct);
        var summary = await reprocessor.RunAsync(
            candidates,
            new ReprocessPace(PerSecond: 0, MaxInFlight: 32),
            (id, token) => host.Tracker.WaitAsync(id, token).WaitAsync(TimeSpan.FromSeconds(60), token),
            cancellationToken: ct);
        return (summary, reprocessor);
    }

    private static async Task<int> CountVersionsAsync(PipelineTestHost host, CancellationToken ct)
    {
        var total = 0;
        foreach (var head in await host.Store.ListHeadsAsync(ct))
        {
            total += (await host.Store.ListVersionsAsync(head.ReportKey, ct)).Count;
        }

        return total;
    }

    /// <summary>The unchanged status is written after ReportUnchanged is published: wait for it with a timeout.</summary>
    private static async Task<IngestionRecord> WaitForStatusAsync(IReportStore store, Guid ingestionId, IngestionStatus status, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await store.GetIngestionAsync(ingestionId, timeout.Token) is { } record && record.Status == status)
            {
                return record;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
