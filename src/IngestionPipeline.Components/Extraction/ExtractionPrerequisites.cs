namespace IngestionPipeline.Components.Extraction;

/// <summary>What the extraction sandbox needs before the first file arrives: its child, and the launcher when one is configured.</summary>
public static class ExtractionPrerequisites
{
    /// <summary>
    /// Null when the sandbox of <paramref name="options"/> can start children (always in <see cref="ExtractionMode.InProcess"/>),
    /// else the problem as one line naming the setting to change.
    /// </summary>
    public static string? FindProblem(ExtractionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == ExtractionMode.InProcess)
        {
            return null;
        }

        var child = ExtractionSandbox.ResolveChildPath(options);
        if (!File.Exists(child))
        {
            return $"The extraction child {child} is missing: set Extraction:ChildPath to ingest-extract.dll, or Extraction:Mode=InProcess for trusted files";
        }

        if (options.Launcher is { Length: > 0 } launcher
            && launcher.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var program, ..]
            && FindOnPath(program) is null)
        {
            return $"The extraction launcher '{program}' is not installed or not on PATH: fix Extraction:Launcher";
        }

        return null;
    }

    /// <summary>The full path of <paramref name="program"/> (a path, or a name looked up on PATH), or null.</summary>
    public static string? FindOnPath(string program)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || program.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        var extensions = OperatingSystem.IsWindows() ? new[] { "", ".exe", ".cmd", ".bat" } : [""];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(dir, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
