using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Infrastructure.Storage.Sqlite;

namespace IngestionPipeline.Benchmarks;

/// <summary>
/// The listing at scale (issue 19):
/// <list type="bullet">
/// <item><c>-- scale populate DIR N DOCS</c>: writes N distinct reports (one version each, every organization unique,
/// years 2015–2024, templates by year, regions from a list of 300) straight into the SQLite store in DIR, each
/// version a real canonical document from DOCS (the <c>*.json</c> of <c>ingest parse --out</c>) with its
/// organization, year and report key rewritten.</item>
/// <item><c>-- scale http URL DIR [REQUESTS] [API_PID]</c>: against an API serving DIR, at concurrency 1, the
/// latency (p50/p99) of a single report read, the first page, a deep page and each filter, then pages through
/// every report (limit 1000, following <c>Link: rel=next</c>) sampling the API's resident memory (with API_PID).</item>
/// </list>
/// </summary>
public static class ScaleBench
{
    private static readonly string[] Provinces = ["北京市", "天津市", "河北省", "山西省", "辽宁省", "吉林省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "四川省", "贵州省", "云南省", "陕西省"];

    private static readonly string[] Agencies = ["人民政府", "人民政府办公室", "教育局", "公安局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康局", "应急管理局", "市场监督管理局", "医疗保障局", "退役军人事务局", "民政局", "司法局"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        switch (args)
        {
            case ["populate", var dir, var n, var docs]:
                await PopulateAsync(dir, int.Parse(n, CultureInfo.InvariantCulture), docs, output, ct);
                return 0;
            case ["http", var url, var dir, .. var rest]:
                var requests = rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 1000;
                int? pid = rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : null;
                await HttpAsync(new Uri(url), dir, requests, pid, output, ct);
                return 0;
            default:
                await output.WriteLineAsync("usage: -- scale populate DIR N DOCS | -- scale http URL DIR [REQUESTS] [API_PID]");
                return 2;
        }
    }

    /// <summary>The region and organization of report <paramref name="i"/>: unique per i.</summary>
    public static (string Region, string Organization, int Year) Identity(int i)
    {
        var province = Provinces[i % Provinces.Length];
        var city = $"第{i / Provinces.Length % 15 + 1}市";
        var region = $"{province}/{province[..2]}{city}";
        var organization = $"{province[..2]}{city}{i:D6}区{Agencies[i / 300 % Agencies.Length]}";
        return (region, organization, 2015 + i / 7 % 10);
    }

    private static async Task PopulateAsync(string dataDirectory, int reports, string documentsDirectory, TextWriter output, CancellationToken ct)
    {
        var templates = Directory.EnumerateFiles(documentsDirectory, "*.json").Order(StringComparer.Ordinal).Take(200)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToList();
        if (templates.Count == 0)
        {
            throw new InvalidOperationException($"No canonical *.json in {documentsDirectory} (run `ingest parse … --out {documentsDirectory}`).");
        }

        var clock = Stopwatch.StartNew();
        await using (var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory, DurableCommits = false }))
        {
            await store.InitializeAsync(ct);
            var documentChars = 0L;
            await Parallel.ForEachAsync(Enumerable.Range(0, reports), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (i, token) =>
            {
                var version = Version(i, templates[i % templates.Count]);
                Interlocked.Add(ref documentChars, version.DocumentJson.Length);
                await store.TryAppendVersionAsync(version, 0, token);
            });
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"populated {reports} reports in {clock.Elapsed.TotalSeconds:F1} s, {documentChars / (double)reports:F0} document characters per report"));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static ReportVersionRecord Version(int i, JsonObject template)
    {
        var (region, organization, year) = Identity(i);
        var document = template.DeepClone().AsObject();
        var meta = document["meta"]!.AsObject();
        meta["organization"] = organization;
        meta["organizationNormalized"] = organization;
        meta["year"] = year;
        var templateVersion = year >= 2021 ? "gb2021" : "gb2019";
        var key = $"{year}-{organization}";
        var json = document.ToJsonString();
        var findings = document["findings"] is JsonArray array ? array.Count : 0;
        return new ReportVersionRecord(
            key, 1, null, Guid.NewGuid(), Sha256Hex.Of($"raw/{i}"), $"{i}.pdf", Sha256Hex.Of(json), $"fingerprint-{templateVersion}",
            organization, organization, region, year, templateVersion, findings, json, [],
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i));
    }

    private static async Task HttpAsync(Uri baseUri, string dataDirectory, int requests, int? pid, TextWriter output, CancellationToken ct)
    {
        IReadOnlyList<ReportHead> sample;
        long total;
        await using (var store = new SqliteReportStore(new SqliteStoreOptions { DataDirectory = dataDirectory }))
        {
            total = await store.CountHeadsAsync(new ReportQuery(), ct);
            // Every 97th head of the whole store, streamed: keys spread over the key space.
            var picked = new List<ReportHead>();
            var n = 0;
            await foreach (var head in store.StreamHeadsAsync(new ReportQuery(), cancellationToken: ct))
            {
                if (n++ % 97 == 0)
                {
                    picked.Add(head);
                }
            }

            sample = picked;
        }

        using var http = new HttpClient { BaseAddress = baseUri };
        var random = new Random(19);
        ReportHead Any() => sample[random.Next(sample.Count)];
        var deep = sample[(int)(sample.Count * 0.9)].ReportKey;
        (string Name, Func<string> Path)[] cells =
        [
            ("single report read", () => $"/reports/{Uri.EscapeDataString(Any().ReportKey)}"),
            ("first page (limit 100)", () => "/reports"),
            ("deep page (after the 90th percentile key)", () => $"/reports?after={Uri.EscapeDataString(deep)}"),
            ("organization= (unique)", () => $"/reports?organization={Uri.EscapeDataString(Any().Organization)}"),
            ("organization= (common: 人民政府)", () => $"/reports?organization={Uri.EscapeDataString("人民政府")}"),
            ("region= (one city)", () => $"/reports?region={Uri.EscapeDataString(Any().Region!)}"),
            ("year=", () => $"/reports?year={2015 + random.Next(10)}"),
            ("template=gb2019", () => "/reports?template=gb2019"),
            ("hasFindings=true", () => "/reports?hasFindings=true"),
            ("hasFindings=false", () => "/reports?hasFindings=false"),
            ("year= & template= & deep page", () => $"/reports?year=2024&template=gb2021&after={Uri.EscapeDataString(deep)}"),
        ];

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"scale http: {total} reports in {dataDirectory}, {requests} requests per cell at concurrency 1 after 50 warm-up, {Environment.ProcessorCount} cores, load average {BenchProgram.LoadAverage()}"));
        await output.WriteLineAsync("| request | p50 ms | p99 ms | p50 ÷ single read | rows (last) |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|");
        double? single = null;
        foreach (var (name, path) in cells)
        {
            var latencies = new List<double>(requests);
            var rows = 0;
            for (var r = -50; r < requests; r++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path(), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                response.EnsureSuccessStatusCode();
                if (r >= 0)
                {
                    latencies.Add(elapsed);
                }

                rows = body.StartsWith('[') ? JsonNode.Parse(body)!.AsArray().Count : 1;
            }

            var p50 = Stats.Percentile(latencies, 50);
            single ??= p50;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {p50:F2} | {Stats.Percentile(latencies, 99):F2} | {p50 / single.Value:F2} | {rows} |"));
        }

        // Paging through everything: time, pages and the API's resident memory along the way.
        var rss = new List<long>();
        var pages = 0;
        var seen = 0;
        var pagingClock = Stopwatch.StartNew();
        string? next = "/reports?limit=1000";
        while (next is not null)
        {
            using var response = await http.GetAsync(next, ct);
            response.EnsureSuccessStatusCode();
            seen += JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsArray().Count;
            pages++;
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Select(l => l.Split(';')[0].Trim('<', '>', ' ')).FirstOrDefault()
                : null;
            if (pid is { } id && pages % 10 == 1)
            {
                rss.Add(ResidentKiB(id));
            }
        }

        var memory = rss.Count > 0
            ? "; API resident memory every 10 pages (MiB): " + string.Join(" ", rss.Select(k => (k / 1024.0).ToString("F0", CultureInfo.InvariantCulture)))
            : "";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"paged through {seen} reports in {pages} pages of 1000 in {pagingClock.Elapsed.TotalSeconds:F1} s ({pagingClock.Elapsed.TotalMilliseconds / pages:F1} ms/page)") + memory);
        await output.WriteLineAsync($"load average {BenchProgram.LoadAverage()}");
    }

    private static long ResidentKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
