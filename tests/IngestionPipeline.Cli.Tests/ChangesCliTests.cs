using System.Text.Json.Nodes;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary><c>ingest changes</c> over what the real pipeline stored: every final outcome once, in commit order, resumable.</summary>
public sealed class ChangesCliTests
{
    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Changes_lists_the_versions_then_the_unchanged_outcomes_of_two_runs_and_pages_by_cursor()
    {
        using var data = new TempDirectory("cli-changes");
        Assert.Equal(0, (await IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path)).ExitCode);
        Assert.Equal(0, (await IngestCli.RunAsync(RepositoryPaths.Root, "run", "samples/", "--data", data.Path)).ExitCode);

        var all = await IngestCli.RunAsync(RepositoryPaths.Root, "changes", "--data", data.Path, "--json");
        Assert.True(all.ExitCode == 0, all.StdOut + all.StdErr);
        var page = JsonNode.Parse(all.StdOut)!;
        var changes = page["changes"]!.AsArray();
        Assert.Equal(["VersionCreated", "VersionCreated", "VersionCreated", "VersionCreated", "VersionCreated", "Unchanged", "Unchanged", "Unchanged", "Unchanged", "Unchanged"],
            changes.Select(c => c!["outcome"]!.GetValue<string>()));
        Assert.False(page["hasMore"]!.GetValue<bool>());
        Assert.Equal(10, changes.Select(c => c!["ingestionId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(changes, c => Assert.False(string.IsNullOrEmpty(c!["reportKey"]!.GetValue<string>())));

        // Pages of three, each continued from the cursor the previous one printed, give the same list.
        var paged = new List<string>();
        string? after = null;
        while (true)
        {
            string[] args = after is null ? ["changes", "--data", data.Path, "--json", "--limit", "3"] : ["changes", "--data", data.Path, "--json", "--limit", "3", "--after", after];
            var next = JsonNode.Parse((await IngestCli.RunAsync(RepositoryPaths.Root, args)).StdOut)!;
            paged.AddRange(next["changes"]!.AsArray().Select(c => c!["ingestionId"]!.GetValue<string>()));
            if (!next["hasMore"]!.GetValue<bool>())
            {
                break;
            }

            after = next["next"]!.GetValue<string>();
        }

        Assert.Equal(changes.Select(c => c!["ingestionId"]!.GetValue<string>()), paged);
        Assert.Equal(2, (await IngestCli.RunAsync(RepositoryPaths.Root, "changes", "--data", data.Path, "--after", "bogus")).ExitCode);
    }
}
