using System.Text.Json.Nodes;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>The README's main job and the contract's parse command, end to end through the real executable.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Run_samples_twice_stores_five_reports_once()
    {
        using var data = new TempDirectory("cli-run");

        var first = await IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path);
        Assert.True(first.ExitCode == 0, first.StdOut + first.StdErr);
        Assert.Contains("5 new versions", first.StdOut, StringComparison.Ordinal);

        var second = await IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path);
        Assert.True(second.ExitCode == 0, second.StdOut + second.StdErr);
        Assert.Contains("0 new versions, 5 unchanged", second.StdOut, StringComparison.Ordinal);

        var reports = await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json");
        Assert.Equal(0, reports.ExitCode);
        var list = JsonNode.Parse(reports.StdOut)!.AsArray();
        Assert.Equal(5, list.Count);
        foreach (var item in list)
        {
            Assert.Equal(1, item!["currentVersion"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(item["reportKey"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(item["organization"]!.GetValue<string>()));
            Assert.InRange(item["year"]!.GetValue<int>(), 2019, 2030);
            Assert.Contains(item["templateVersion"]!.GetValue<string>(), new[] { "gb2019", "gb2021" });
        }

        var key = list[0]!["reportKey"]!.GetValue<string>();
        var report = await IngestCli.RunAsync(RepositoryPaths.Root, "report", key, "--data", data.Path);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal("1.0", JsonNode.Parse(report.StdOut)!["schemaVersion"]!.GetValue<string>());

        var v1 = await IngestCli.RunAsync(RepositoryPaths.Root, "report", key, "--version", "1", "--data", data.Path);
        Assert.Equal(report.StdOut, v1.StdOut);
        var missing = await IngestCli.RunAsync(RepositoryPaths.Root, "report", key, "--version", "2", "--data", data.Path);
        Assert.NotEqual(0, missing.ExitCode);

        var versions = await IngestCli.RunAsync(RepositoryPaths.Root, "versions", key, "--data", data.Path, "--json");
        Assert.Equal(0, versions.ExitCode);
        Assert.Single(JsonNode.Parse(versions.StdOut)!.AsArray());
    }

    [Fact]
    public async Task Run_two_processes_sharing_one_store_store_each_report_once()
    {
        using var data = new TempDirectory("cli-shared");

        var runs = await Task.WhenAll(
            IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path),
            IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.StdOut + r.StdErr));
        var reports = await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json");
        var list = JsonNode.Parse(reports.StdOut)!.AsArray();
        Assert.Equal(5, list.Count);
        Assert.All(list, item => Assert.Equal(1, item!["currentVersion"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Parse_directory_writes_contract_documents_with_exact_cell_paths()
    {
        using var output = new TempDirectory("cli-parse");

        var result = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", "samples/", "--out", output.Path);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        var documents = Directory.GetFiles(output.Path, "*.json");
        Assert.Equal(RepositoryPaths.SampleFiles.Count, documents.Length);
        foreach (var file in documents)
        {
            var root = JsonNode.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken))!.AsObject();
            var version = root["meta"]!["templateVersion"]!.GetValue<string>();
            var expected = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Shared", "contract", $"cell-paths-{version}.txt"), TestContext.Current.CancellationToken);
            var actual = new List<string>();
            foreach (var table in new[] { "activeDisclosure", "applications", "reviewLitigation" })
            {
                CollectCellPaths(root[table], table, actual);
            }

            Assert.Equal(expected.Where(l => l.Length > 0).Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Parse_single_file_prints_json_and_rejects_junk_with_reason()
    {
        using var dir = new TempDirectory("cli-junk");
        var junk = Path.Combine(dir.Path, "junk.pdf");
        await File.WriteAllBytesAsync(junk, [0x00, 0x01, 0x02, 0x03, 0xFF], TestContext.Current.CancellationToken);

        var ok = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", RepositoryPaths.SampleFiles[0]);
        var rejected = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", junk);

        Assert.Equal(0, ok.ExitCode);
        Assert.NotNull(JsonNode.Parse(ok.StdOut)!["meta"]);
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("UNSUPPORTED_FORMAT", rejected.StdErr, StringComparison.Ordinal);
        Assert.Single(rejected.StdErr.Trim().Split('\n'));
    }

    private static void CollectCellPaths(JsonNode? node, string path, List<string> paths)
    {
        if (node is not JsonObject obj)
        {
            return;
        }

        if (obj.ContainsKey("semantic"))
        {
            paths.Add(path);
            return;
        }

        foreach (var (key, child) in obj)
        {
            CollectCellPaths(child, $"{path}.{key}", paths);
        }
    }
}
