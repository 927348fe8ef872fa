namespace IngestionPipeline.Testing;

/// <summary>Locates the repository (the folder holding IngestionPipeline.sln) from a test's output directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IngestionPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        // Built with --artifacts-path outside the tree: use the root recorded at build time.
        var recorded = typeof(RepositoryPaths).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "IngestionPipeline.sln")))
        {
            return recorded;
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (IngestionPipeline.sln).");
    });

    public static string Root => RootPath.Value;

    public static string Samples => Path.Combine(Root, "samples");

    public static IReadOnlyList<string> SampleFiles => Directory.GetFiles(Samples).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
}
