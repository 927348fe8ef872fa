using System.Diagnostics;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// <c>parse</c> and <c>run</c> over a directory go past files that cannot be read (symlink loops, dangling links,
/// FIFOs, files without read permission) and report each of them, instead of ending the batch with an exception.
/// </summary>
public sealed class BatchInputTests
{
    [Fact]
    public async Task Parse_directory_with_unreadable_entries_reports_each_and_parses_the_rest()
    {
        using var input = new TempDirectory("cli-batch");
        var unreadable = CreateHostileDirectory(input.Path);

        var result = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", input.Path, "--allow-rejections");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("a.txt: ok", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("z.txt: ok", result.StdErr, StringComparison.Ordinal);
        foreach (var name in unreadable)
        {
            Assert.Contains($"{name}: rejected", result.StdErr, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unhandled exception", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Run_directory_with_unreadable_entries_ingests_the_rest_and_lists_each_as_unreadable()
    {
        using var input = new TempDirectory("cli-batch-run");
        using var data = new TempDirectory("cli-batch-data");
        var unreadable = CreateHostileDirectory(input.Path);

        var result = await IngestCli.RunAsync(RepositoryPaths.Root, "run", input.Path, "--data", data.Path);

        Assert.True(result.ExitCode == 1, result.StdOut + result.StdErr); // something needs attention
        Assert.DoesNotContain("Unhandled exception", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("2 new versions", result.StdOut, StringComparison.Ordinal);
        foreach (var name in unreadable.Where(n => n != "fifo"))
        {
            Assert.Matches($"│ {name} +│.*unreadable", result.StdOut);
        }

        Assert.Contains($"{unreadable.Count(n => n != "fifo")} failed", result.StdOut, StringComparison.Ordinal);
    }

    /// <summary>Two samples and the unreadable entries; returns the names of those reported as rejected or unreadable.</summary>
    private static List<string> CreateHostileDirectory(string directory)
    {
        File.Copy(RepositoryPaths.SampleFiles[0], Path.Combine(directory, "a.txt"));
        File.Copy(RepositoryPaths.SampleFiles[1], Path.Combine(directory, "z.txt"));
        File.CreateSymbolicLink(Path.Combine(directory, "loop"), "loop");
        File.CreateSymbolicLink(Path.Combine(directory, "ping"), "pong");
        File.CreateSymbolicLink(Path.Combine(directory, "pong"), "ping");
        File.CreateSymbolicLink(Path.Combine(directory, "dangling"), "/nonexistent/report.txt");
        var names = new List<string> { "dangling", "loop", "ping", "pong" };
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(directory, "fifo")))
        {
            mkfifo.WaitForExit();
            if (mkfifo.ExitCode == 0)
            {
                names.Add("fifo"); // reported as empty: never opened, since opening a FIFO waits for a writer
            }
        }

        // Root reads any file whatever its mode, so this one is unreadable only for other users.
        if (!OperatingSystem.IsWindows() && Environment.UserName != "root")
        {
            var secret = Path.Combine(directory, "secret.txt");
            File.Copy(RepositoryPaths.SampleFiles[2], secret);
            File.SetUnixFileMode(secret, UnixFileMode.None);
            names.Add("secret.txt");
        }

        return names;
    }
}
