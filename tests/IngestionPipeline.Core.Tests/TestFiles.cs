using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

/// <summary>Locates the samples (repository <c>samples/</c>), golden files and contract path lists for the tests.</summary>
internal static class TestFiles
{
    public static readonly string[] SampleNames =
    [
        "000_0ce65c396658d36e.txt",
        "001_aa2b01d2dfa1efd2.txt",
        "002_d7e31f0dfdff8fad.txt",
        "003_13863c369ac78f75.txt",
        "004_c49188e090674de6.txt",
    ];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SamplePath(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Samples", name);
        return File.Exists(copied) ? copied : Path.Combine(RepositoryRoot, "samples", name);
    }

    /// <summary>The golden file in the source tree (so a regenerated golden lands where it is committed).</summary>
    public static string GoldenSourcePath(string sample) => Path.Combine(RepositoryRoot, "tests", "IngestionPipeline.Core.Tests", "Golden", sample + ".json");

    public static string GoldenPath(string sample)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Golden", sample + ".json");
        return File.Exists(copied) ? copied : GoldenSourcePath(sample);
    }

    /// <summary>The contract's path list: the shared copy when the checkout has it, else the test project's copy.</summary>
    public static string[] ContractPaths(TemplateVersion version)
    {
        var file = $"cell-paths-{version.ToWire()}.txt";
        var shared = Path.Combine(RepositoryRoot, "..", "shared", "contract", file);
        var path = File.Exists(shared) ? shared : Path.Combine(AppContext.BaseDirectory, "TestData", file);
        return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    public static CanonicalReport Parse(string sample)
    {
        var bytes = File.ReadAllBytes(SamplePath(sample));
        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, sample));
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        return outcome.Value;
    }

    public static Outcome<CanonicalReport> ParseText(string text) =>
        ReportParser.CreateDefault().Parse(new RawFile(System.Text.Encoding.UTF8.GetBytes(text), "inline.txt"));

    private static string FindRepositoryRoot()
    {
        var recorded = typeof(TestFiles).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), recorded })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IngestionPipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("IngestionPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
