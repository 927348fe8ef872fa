using System.Reflection;

namespace IngestionPipeline.Corpus.Tests;

/// <summary>Locates the repository (and its committed corpus) from the test binaries, wherever they were built.</summary>
internal static class CorpusPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IngestionPipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        var recorded = typeof(CorpusPaths).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return recorded is not null && File.Exists(Path.Combine(recorded, "IngestionPipeline.sln"))
            ? recorded
            : throw new DirectoryNotFoundException("Cannot find the repository root (IngestionPipeline.sln).");
    });

    public static string Root => RootPath.Value;

    public static string Generated => Path.Combine(Root, "corpus", "generated");

    public static string Samples => Path.Combine(Root, "corpus", "samples");
}
