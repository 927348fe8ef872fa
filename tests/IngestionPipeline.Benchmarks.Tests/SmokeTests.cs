using IngestionPipeline.Benchmarks;

namespace IngestionPipeline.Benchmarks.Tests;

/// <summary>CI runs the benchmarks in smoke mode: it must complete and produce numbers. Speed is never asserted.</summary>
[Trait("Tier", "Slow")]
public sealed class SmokeTests
{
    [Fact]
    public async Task Smoke_mode_completes_and_produces_positive_numbers()
    {
        Environment.SetEnvironmentVariable("BENCH_REPOSITORY_ROOT", IngestionPipeline.Testing.RepositoryPaths.Root);
        using var output = new StringWriter();

        var results = await BenchProgram.RunAsync("smoke", output, TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(output.ToString());
        var numbers = results.Numbers;
        Assert.Contains("parse.txt.reports_per_s", numbers.Keys);
        Assert.Contains("floor.txt.floor.reports_per_s", numbers.Keys);
        Assert.Contains("pdf.extract.pages_per_s", numbers.Keys);
        Assert.Contains("plumbing.inmemory.chains_per_s", numbers.Keys);
        Assert.Contains("e2e.inmemory.reports_per_s", numbers.Keys);
        Assert.Contains("e2e.inmemory.store_write_calls_per_report", numbers.Keys);
        if (!results.Skipped.Any(s => s.StartsWith("e2e rabbitmq", StringComparison.Ordinal)))
        {
            // The broker was reachable: one `ingest worker` process ran the whole pipeline.
            Assert.Contains("e2e.rabbitmq.1w.reports_per_s", numbers.Keys);
            Assert.Contains("e2e.rabbitmq.1w.fixed.p99_ms", numbers.Keys);
        }

        Assert.All(numbers, kv => Assert.True(kv.Value > 0 && double.IsFinite(kv.Value), $"{kv.Key} = {kv.Value}"));
        Assert.Contains("## Ratios against same-run baselines", output.ToString(), StringComparison.Ordinal);
    }
}
