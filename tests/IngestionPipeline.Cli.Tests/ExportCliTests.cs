using System.Text.Json.Nodes;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary><c>reports</c> filters, <c>export</c> and <c>compare</c> as a user runs them, on the samples.</summary>
public sealed class ExportCliTests
{
    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Reports_filters_export_files_and_compare_on_the_samples()
    {
        using var data = new TempDirectory("cli-export");
        var run = await IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path, "--in-process");
        Assert.True(run.ExitCode == 0, run.StdOut + run.StdErr);

        var all = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json")).StdOut)!.AsArray();
        var of2020 = await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json", "--year", "2020", "--template", "gb2019");
        Assert.Equal(0, of2020.ExitCode);
        Assert.Equal(
            all.Where(r => r!["year"]!.GetValue<int>() == 2020 && r["templateVersion"]!.GetValue<string>() == "gb2019").Select(r => r!["reportKey"]!.GetValue<string>()),
            JsonNode.Parse(of2020.StdOut)!.AsArray().Select(r => r!["reportKey"]!.GetValue<string>()));
        var page = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--json", "--limit", "2")).StdOut)!.AsArray();
        Assert.Equal(2, page.Count);
        var bad = await IngestCli.RunAsync(RepositoryPaths.Root, "reports", "--data", data.Path, "--template", "gb2000");
        Assert.NotEqual(0, bad.ExitCode);

        foreach (var format in new[] { "csv", "xlsx", "parquet" })
        {
            var file = Path.Combine(data.Path, $"cells.{format}");
            var export = await IngestCli.RunAsync(RepositoryPaths.Root, "export", "--data", data.Path, "--format", format, "--table", "cells", "--out", file);
            Assert.True(export.ExitCode == 0, export.StdOut + export.StdErr);
            Assert.True(new FileInfo(file).Length > 0);
            Assert.False(File.Exists(file + ".partial"));
        }

        var csv = await File.ReadAllBytesAsync(Path.Combine(data.Path, "cells.csv"), TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.Contains(all[0]!["organization"]!.GetValue<string>(), System.Text.Encoding.UTF8.GetString(csv), StringComparison.Ordinal);

        var ranking = await IngestCli.RunAsync(RepositoryPaths.Root, "compare", "agencies", "--data", data.Path, "--year", "2020", "--json");
        Assert.True(ranking.ExitCode == 0, ranking.StdErr);
        Assert.Equal(all.Count(r => r!["year"]!.GetValue<int>() == 2020), JsonNode.Parse(ranking.StdOut)!["ranking"]!.AsArray().Count);
        var organization = all[0]!["organization"]!.GetValue<string>();
        var year = all[0]!["year"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var years = await IngestCli.RunAsync(RepositoryPaths.Root, "compare", "years", "--data", data.Path, "--organization", organization, "--from", year, "--to", year, "--json");
        Assert.True(years.ExitCode == 0, years.StdErr);
        Assert.NotEmpty(JsonNode.Parse(years.StdOut)!["cells"]!.AsArray());
        Assert.Equal(2, (await IngestCli.RunAsync(RepositoryPaths.Root, "compare", "years", "--data", data.Path, "--organization", "没有的机关", "--from", "2020", "--to", "2021")).ExitCode);
    }
}
