using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Mongo;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>
/// <see cref="IReportExportSource"/> on every adapter: the streamed versions are exactly those
/// <see cref="ReportExportFilter.Matches"/> selects, current or all, ordered by report key then version.
/// </summary>
public abstract class ExportSourceContractTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<IReportStore> CreateStoreAsync();

    [Fact]
    public async Task Streams_the_current_or_every_version_matching_each_filter_in_key_order()
    {
        var store = await CreateStoreAsync();
        var all = new List<ReportVersionRecord>();
        async Task AppendAsync(string key, int version, string organization, string? region, int year, string template, int findings)
        {
            var record = new ReportVersionRecord(
                key, version, version == 1 ? null : version - 1, Guid.NewGuid(), new string('a', 64), "f.txt", $"h{key}{version}", "fp",
                organization, organization + "（规范）", region, year, template, findings, $$"""{"k":"{{key}}","v":{{version}}}""", [], DateTimeOffset.UnixEpoch.AddDays(version));
            Assert.Equal(AppendOutcome.Appended, await store.TryAppendVersionAsync(record, version - 1, Ct));
            all.Add(record);
        }

        await AppendAsync("2022-乙市教育局", 1, "乙市教育局", "山东省乙市", 2022, "gb2021", 0);
        await AppendAsync("2022-乙市教育局", 2, "乙市教育局", "山东省乙市", 2022, "gb2021", 3);
        await AppendAsync("2020-甲县公安局", 1, "甲县公安局", null, 2020, "gb2019", 1);
        await AppendAsync("2021-甲县公安局", 1, "甲县公安局", "河南省甲县", 2021, "gb2021", 0);
        await AppendAsync("2021-甲县公安局", 2, "甲县公安局", "河南省甲县", 2021, "gb2021", 0);
        await AppendAsync("2021-甲县公安局", 3, "甲县公安局", "河南省甲县", 2021, "gb2021", 2);

        var current = all.GroupBy(v => v.ReportKey).Select(g => g.MaxBy(v => v.Version)!).ToList();
        var filters = new[]
        {
            new ReportExportFilter(),
            new ReportExportFilter { Year = 2021 },
            new ReportExportFilter { FromYear = 2021, ToYear = 2022 },
            new ReportExportFilter { TemplateVersion = "GB2019" },
            new ReportExportFilter { Organization = "公安" },
            new ReportExportFilter { Organization = "（规范）" },
            new ReportExportFilter { Region = "山东" },
            new ReportExportFilter { Region = "2020-" },
            new ReportExportFilter { HasFindings = true },
            new ReportExportFilter { HasFindings = false },
            new ReportExportFilter { Organization = "甲县", Year = 1999 },
        };
        var source = Assert.IsAssignableFrom<IReportExportSource>(store);
        foreach (var filter in filters)
        {
            foreach (var allVersions in new[] { false, true })
            {
                var f = filter with { AllVersions = allVersions };
                var expected = (allVersions ? all : current).Where(f.Matches)
                    .OrderBy(v => v.ReportKey, StringComparer.Ordinal).ThenBy(v => v.Version)
                    .Select(v => (v.ReportKey, v.Version, v.DocumentJson)).ToList();
                var streamed = new List<(string, int, string)>();
                await foreach (var v in source.StreamVersionsAsync(f, Ct))
                {
                    streamed.Add((v.ReportKey, v.Version, v.DocumentJson));
                }

                Assert.True(expected.SequenceEqual(streamed), $"{f}: expected [{string.Join(", ", expected)}], streamed [{string.Join(", ", streamed)}]");
            }
        }
    }
}

public sealed class SqliteExportSourceTests : ExportSourceContractTests, IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ingestion-export-tests", Guid.NewGuid().ToString("N"));
    private SqliteReportStore? store;

    protected override async Task<IReportStore> CreateStoreAsync()
    {
        store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        await store.InitializeAsync(Ct);
        return store;
    }

    public void Dispose()
    {
        store?.Dispose();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

/// <summary>The same against a real MongoDB server (<see cref="MongoReportStoreTests.UriVariable"/>); skipped without one.</summary>
public sealed class MongoExportSourceTests : ExportSourceContractTests, IAsyncDisposable
{
    private static readonly string? Uri = Environment.GetEnvironmentVariable(MongoReportStoreTests.UriVariable) is { Length: > 0 } uri ? uri : null;
    private readonly string databaseName = $"ingestion_export_test_{Guid.NewGuid():N}";
    private MongoReportStore? store;

    protected override async Task<IReportStore> CreateStoreAsync()
    {
        Assert.SkipWhen(Uri is null, MongoReportStoreTests.SkipReason);
        store = new MongoReportStore(new MongoStoreOptions { ConnectionString = Uri!, DatabaseName = databaseName, InitializeRetryAttempts = 1 });
        await store.InitializeAsync(Ct);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.Database.Client.DropDatabaseAsync(databaseName);
            store.Dispose();
        }
    }
}
