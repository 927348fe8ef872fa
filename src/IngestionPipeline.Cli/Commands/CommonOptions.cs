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

    /// <summary><c>--allow-rejections</c>: a batch with rejected files still exits 0 (by default it exits 1).</summary>
    public static Option<bool> AllowRejections() => new("--allow-rejections")
    {
        Description = "Exit 0 even when files were rejected (by default any rejection makes the exit code 1).",
    };

    /// <summary>Files of the given paths, every file of a directory taken (<see cref="FileSelection.All"/>).</summary>
    public static IReadOnlyList<FileInfo> ExpandInputs(IEnumerable<string> paths) => ExpandInputs(paths, FileSelection.All);

    /// <summary>
    /// Files of the given paths: a file as is, a directory's files that <paramref name="selection"/> takes (top level,
    /// sorted, hidden files skipped).
    /// Throws <see cref="FileNotFoundException"/> for a path that does not exist and <see cref="IOException"/> for a
    /// directory that cannot be listed; a file that cannot be read is only found out by <see cref="ReadInput"/>.
    /// </summary>
    public static IReadOnlyList<FileInfo> ExpandInputs(IEnumerable<string> paths, FileSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var files = new List<FileInfo>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                try
                {
                    // Top level only, so a symlink loop among subdirectories is never followed.
                    files.AddRange(new DirectoryInfo(path)
                        .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 })
                        .Where(f => !f.Name.StartsWith('.') && selection.Takes(f.Name))
                        .OrderBy(f => f.Name, StringComparer.Ordinal));
                }
                catch (UnauthorizedAccessException e)
                {
                    throw new IOException($"Cannot list {path}: {e.Message}", e);
                }
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

    /// <summary>
    /// The bytes of one input file. A file of length 0 is returned empty without being opened: FIFOs, sockets and
    /// character devices (<c>/dev/zero</c>) report 0 and would block or never end. Throws <see cref="IOException"/>
    /// or <see cref="UnauthorizedAccessException"/> for a file that cannot be read (permissions, a dangling symlink,
    /// a symlink loop, a file over 2 GB), which batch commands report for that file and go on.
    /// </summary>
    public static byte[] ReadInput(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Refresh();
        return file.Length == 0 ? [] : File.ReadAllBytes(file.FullName);
    }

    /// <summary>Whether an exception is an input file's problem (to report per file) rather than the command's.</summary>
    public static bool IsUnreadable(Exception e) => e is IOException or UnauthorizedAccessException or System.Security.SecurityException;
}
