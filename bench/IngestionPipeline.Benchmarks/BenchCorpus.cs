using System.Reflection;

namespace IngestionPipeline.Benchmarks;

/// <summary>The fixed file sets measured: the first <see cref="SetSize"/> files (ordinal name order) of each format under corpus/generated.</summary>
public static class BenchCorpus
{
    public const int SetSize = 5;

    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string RepositoryRoot => RootPath.Value;

    public static IReadOnlyList<string> Files(string format, int count = SetSize)
    {
        var dir = Path.Combine(RepositoryRoot, "corpus", "generated", format);
        var files = Directory.GetFiles(dir, "*." + format)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Take(count)
            .ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No *.{format} files in {dir}.");
        }

        return files;
    }

    public static IReadOnlyList<(string Name, byte[] Content)> Load(string format, int count = SetSize) =>
        Files(format, count).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("BENCH_REPOSITORY_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && IsRoot(fromEnv))
        {
            return fromEnv;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (IsRoot(dir.FullName))
                {
                    return dir.FullName;
                }
            }
        }

        var recorded = typeof(BenchCorpus).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && IsRoot(recorded))
        {
            return recorded;
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (corpus/generated); set BENCH_REPOSITORY_ROOT.");
    }

    private static bool IsRoot(string dir) =>
        File.Exists(Path.Combine(dir, "IngestionPipeline.sln")) && Directory.Exists(Path.Combine(dir, "corpus", "generated"));
}

/// <summary>Small statistics helpers.</summary>
public static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = p / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}
