using System.Diagnostics;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// Issue 16's "Done when": every README command, run as written from the root of a fresh clone, works together on one
/// store. <c>tools/readme-check.sh</c> clones the repository (committed state), runs them in sequence and checks the
/// shared <c>./data</c>; this test runs it (RabbitMQ needed for the distributed commands).
/// </summary>
public sealed class ReadmeCheckTests
{
    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Readme_commands_run_in_sequence_from_a_fresh_clone_share_one_store()
    {
        var broker = Broker.Require();
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, ".git")) && !File.Exists(Path.Combine(RepositoryPaths.Root, ".git")))
        {
            Assert.Skip($"{RepositoryPaths.Root} is not a git checkout: tools/readme-check.sh clones it.");
        }

        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tools", "readme-check.sh"));
        start.Environment["RABBITMQ_URI"] = broker.ToString();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(40));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("all README commands passed on one store", output, StringComparison.Ordinal);
    }
}
