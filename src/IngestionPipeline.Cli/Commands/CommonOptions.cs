using System.CommandLine;

namespace IngestionPipeline.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public const string DefaultDataDirectory = "./data";

    public static Option<string> Data() => new("--data")
    {
        Description = "Directory of the embedded store (created if absent).",
        DefaultValueFactory = _ => DefaultDataDirectory,
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of a table.",
    };

    /// <summary>Files of the given paths: a file as is, a directory's files (top level, sorted, hidden files skipped).</summary>
    public static IReadOnlyList<FileInfo> ExpandInputs(IEnumerable<string> paths)
    {
        var files = new List<FileInfo>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(new DirectoryInfo(path)
                    .EnumerateFiles()
                    .Where(f => !f.Name.StartsWith('.'))
                    .OrderBy(f => f.Name, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(new FileInfo(path));
            }
            else
            {
                throw new FileNotFoundException($"No such file or directory: {path}", path);
            }
        }

        return files;
    }
}
