using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Core.Versioning;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Testing;

/// <summary>Stores of parsed sample reports (and variations of them) for the export and comparison tests.</summary>
internal static class ExportTestData
{
    private static readonly Lazy<IReadOnlyList<CanonicalReport>> Samples = new(() =>
    {
        var parser = ReportParser.CreateDefault();
        return
        [
            .. RepositoryPaths.SampleFiles.Select(f =>
            {
                var outcome = parser.Parse(new RawFile(File.ReadAllBytes(f), Path.GetFileName(f)));
                Assert.True(outcome.IsSuccess, $"{f}: {outcome.Rejection}");
                return outcome.Value!;
            }),
        ];
    });

    /// <summary>The sample files, parsed and validated.</summary>
    public static IReadOnlyList<CanonicalReport> SampleReports => Samples.Value;

    public static async Task<SqliteReportStore> OpenStoreAsync(string directory)
    {
        var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = directory });
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        return store;
    }

    /// <summary>Appends <paramref name="report"/> as the next version of its report key.</summary>
    public static async Task<ReportVersionRecord> AppendAsync(IReportStore store, CanonicalReport report, string? reportKey = null)
    {
        var key = reportKey ?? ReportIdentity.KeyFor(report.Meta);
        var head = await store.GetHeadAsync(key, TestContext.Current.CancellationToken);
        var json = ReportJson.Serialize(report, indented: false);
        var record = new ReportVersionRecord(
            key,
            (head?.CurrentVersion ?? 0) + 1,
            head?.CurrentVersion,
            Guid.NewGuid(),
            report.Provenance.SourceSha256,
            "sample.txt",
            Sha256Hex.Of(System.Text.Encoding.UTF8.GetBytes(json)),
            "fingerprint",
            report.Meta.Organization,
            report.Meta.OrganizationNormalized,
            report.Meta.Region is { IsEmpty: false } r ? string.Concat(r.Province, r.City, r.County) : null,
            report.Meta.Year,
            report.Meta.TemplateVersion.ToWire(),
            report.Findings.Count,
            json,
            [],
            DateTimeOffset.UtcNow);
        Assert.Equal(AppendOutcome.Appended, await store.TryAppendVersionAsync(record, head?.CurrentVersion ?? 0, TestContext.Current.CancellationToken));
        return record;
    }

    /// <summary>A copy of a gb2021 sample as another agency's report of another year, with some cells set.</summary>
    public static CanonicalReport Variant(string organization, int year, Region region, IReadOnlyDictionary<string, Cell> cells)
    {
        var template = SampleReports.First(r => r.Meta.TemplateVersion == TemplateVersion.Gb2021);
        var merged = template.Cells.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        foreach (var (path, cell) in cells)
        {
            merged[path] = cell;
        }

        return template with
        {
            Meta = template.Meta with { Organization = organization, OrganizationNormalized = organization, Year = year, Region = region },
            Cells = merged,
        };
    }

    public static Cell Number(decimal value) => new(value, value == 0 ? CellSemantic.Zero : CellSemantic.Numeric, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Cell Blank { get; } = new(null, CellSemantic.Empty, "");
}
