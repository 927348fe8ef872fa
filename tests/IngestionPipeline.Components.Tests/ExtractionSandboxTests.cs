using System.Diagnostics;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Components.Tests;

/// <summary>The extraction sandbox with its real child process (<c>ingest-extract</c>): results, crash, timeout, memory.</summary>
public sealed class ExtractionSandboxTests
{
    private static readonly long MaxFileBytes = new ParserOptions().MaxFileBytes;

    [Fact]
    public async Task ExtractAsync_sample_gives_the_same_document_as_in_process_and_reuses_the_child()
    {
        using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1 }, MaxFileBytes);
        var inProcess = new InProcessExtraction(ReportParser.CreateDefault());
        int? firstChild = null;
        foreach (var path in RepositoryPaths.SampleFiles)
        {
            var file = new RawFile(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), Path.GetFileName(path));
            var sandboxed = await sandbox.ExtractAsync(file, TestContext.Current.CancellationToken);
            var expected = await inProcess.ExtractAsync(file, TestContext.Current.CancellationToken);
            Assert.True(sandboxed.IsSuccess, sandboxed.Rejection?.ToString());
            Assert.Equal(expected.Value!.ToJson(), sandboxed.Value.ToJson());
            firstChild ??= Assert.Single(sandbox.ChildProcessIds);
            Assert.Equal(firstChild, Assert.Single(sandbox.ChildProcessIds));
        }
    }

    [Trait("Tier", "Slow")]
    [Fact]
    public async Task ExtractAsync_stack_overflow_in_the_child_is_EXTRACTOR_CRASHED_after_the_attempts_and_the_pool_recovers()
    {
        var lost = new List<string>();
        using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1, CrashAttempts = 2 }, MaxFileBytes, childLost: lost.Add);
        var outcome = await sandbox.ExtractAsync(new RawFile(HostileFiles.XObjectChainIndirect(5_000), "crash.pdf"), TestContext.Current.CancellationToken);

        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.ExtractorCrashed, outcome.Rejection.ReasonCode);
        Assert.Contains("Stack overflow", outcome.Rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(["crashed", "crashed"], lost);
        Assert.Empty(sandbox.ChildProcessIds);
        await AssertServesASampleAsync(sandbox);
    }

    [Fact]
    public async Task ExtractAsync_past_the_timeout_is_EXTRACTION_TIMEOUT_within_a_second_of_it()
    {
        var lost = new List<string>();
        using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1, TimeoutSeconds = 1 }, MaxFileBytes, childLost: lost.Add);
        var clock = Stopwatch.StartNew();
        var outcome = await sandbox.ExtractAsync(new RawFile(HostileFiles.DocxManyCells(40L * 1024 * 1024), "slow.docx"), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCodes.ExtractionTimeout, outcome.Rejection?.ReasonCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), clock.Elapsed.ToString());
        Assert.Equal(["timeout"], lost);
        await AssertServesASampleAsync(sandbox);
    }

    [Trait("Tier", "Slow")]
    [Fact]
    public async Task ExtractAsync_above_the_memory_limit_is_TOO_LARGE_and_the_child_is_not_reused()
    {
        using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1, MaxMemoryMegabytes = 128, TimeoutSeconds = 120 }, MaxFileBytes);
        var outcome = await sandbox.ExtractAsync(new RawFile(HostileFiles.DocxManyCells(40L * 1024 * 1024), "big.docx"), TestContext.Current.CancellationToken);

        Assert.Equal(ReasonCodes.TooLarge, outcome.Rejection?.ReasonCode);
        Assert.Contains("memory", outcome.Rejection!.Reason, StringComparison.Ordinal);
        Assert.Empty(sandbox.ChildProcessIds);
        await AssertServesASampleAsync(sandbox);
    }

    [Fact]
    public async Task ExtractAsync_cancelled_kills_the_child_at_once()
    {
        using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1, TimeoutSeconds = 120 }, MaxFileBytes);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sandbox.ExtractAsync(new RawFile(HostileFiles.DocxManyCells(40L * 1024 * 1024), "slow.docx"), cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), clock.Elapsed.ToString());
        Assert.Empty(sandbox.ChildProcessIds);
    }

    private static async Task AssertServesASampleAsync(ExtractionSandbox sandbox)
    {
        var path = RepositoryPaths.SampleFiles[0];
        var outcome = await sandbox.ExtractAsync(new RawFile(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken), "sample.txt"), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
    }
}
