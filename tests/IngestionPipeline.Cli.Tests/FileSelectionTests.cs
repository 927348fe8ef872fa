using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// Issue 16 part 4: directories give <c>run</c> and <c>parse</c> their report files only (by default the report
/// extensions, <c>--include</c>/<c>--exclude</c> globs otherwise), and a rejected file makes the exit code 1 unless
/// <c>--allow-rejections</c>.
/// </summary>
public sealed class FileSelectionTests
{
    [Fact]
    public async Task Parse_of_a_generated_corpus_folder_takes_the_reports_and_not_their_expected_json()
    {
        using var input = CorpusLikeDirectory();

        var result = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", input.Path);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("2 files: 2 reports, 0 rejected", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(".expected.json", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_everything_takes_the_json_too_and_its_rejections_make_the_exit_code_1()
    {
        using var input = CorpusLikeDirectory();

        var strict = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", input.Path, "--include", "*");
        var relaxed = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", input.Path, "--include", "*", "--allow-rejections");

        Assert.True(strict.ExitCode == 1, strict.StdErr);
        Assert.Contains("4 files: 2 reports, 2 rejected", strict.StdErr, StringComparison.Ordinal);
        Assert.True(relaxed.ExitCode == 0, relaxed.StdErr);
    }

    [Fact]
    public async Task Exclude_leaves_out_the_matching_names()
    {
        using var input = CorpusLikeDirectory();

        var result = await IngestCli.RunAsync(RepositoryPaths.Root, "parse", input.Path, "--exclude", "a-*");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("1 files: 1 reports, 0 rejected", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("b-report.txt: ok", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Run_exits_1_when_a_file_was_rejected_unless_rejections_are_allowed()
    {
        using var input = new TempDirectory("select-run");
        using var data = new TempDirectory("select-run-data");
        File.Copy(RepositoryPaths.SampleFiles[0], Path.Combine(input.Path, "a.txt"));
        await File.WriteAllTextAsync(Path.Combine(input.Path, "junk.txt"), "not a report at all", TestContext.Current.CancellationToken);

        var strict = await IngestCli.RunAsync(RepositoryPaths.Root, "run", input.Path, "--data", data.Path, "--in-process");
        var relaxed = await IngestCli.RunAsync(RepositoryPaths.Root, "run", input.Path, "--data", data.Path, "--in-process", "--allow-rejections");

        Assert.True(strict.ExitCode == 1, strict.StdOut + strict.StdErr);
        Assert.Contains("1 rejected", strict.StdOut, StringComparison.Ordinal);
        Assert.True(relaxed.ExitCode == 0, relaxed.StdOut + relaxed.StdErr);
    }

    /// <summary>Two samples with an <c>.expected.json</c> beside each, as <c>corpus generate</c> writes them.</summary>
    private static TempDirectory CorpusLikeDirectory()
    {
        var input = new TempDirectory("select-corpus");
        File.Copy(RepositoryPaths.SampleFiles[0], Path.Combine(input.Path, "a-report.txt"));
        File.Copy(RepositoryPaths.SampleFiles[1], Path.Combine(input.Path, "b-report.txt"));
        File.WriteAllText(Path.Combine(input.Path, "a-report.expected.json"), "{\"schemaVersion\":\"1.0\"}");
        File.WriteAllText(Path.Combine(input.Path, "b-report.expected.json"), "{\"schemaVersion\":\"1.0\"}");
        return input;
    }
}
