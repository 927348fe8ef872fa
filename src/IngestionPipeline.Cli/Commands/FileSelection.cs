using System.CommandLine;
using Microsoft.Extensions.FileSystemGlobbing;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// Which files of a directory argument a batch command takes: names matching an <c>--include</c> glob (default: the
/// report extensions, and names without an extension, since formats are detected from content) and no <c>--exclude</c>
/// glob. A file named on the command line is always taken. So a generated corpus folder's <c>*.expected.json</c> and
/// <c>*.label.json</c> are left out without asking.
/// </summary>
internal sealed class FileSelection
{
    /// <summary>The default <c>--include</c>: every extension a report file comes with.</summary>
    public static readonly IReadOnlyList<string> ReportPatterns =
        ["*.txt", "*.text", "*.md", "*.markdown", "*.htm", "*.html", "*.xhtml", "*.shtml", "*.docx", "*.doc", "*.pdf"];

    /// <summary>Everything: what <see cref="CommonOptions.ExpandInputs(IEnumerable{string})"/> takes without a selection.</summary>
    public static readonly FileSelection All = new(["*"], [], includeExtensionless: true);

    private readonly Matcher includes = new(StringComparison.OrdinalIgnoreCase);
    private readonly Matcher excludes = new(StringComparison.OrdinalIgnoreCase);
    private readonly bool includeExtensionless;
    private readonly bool hasExcludes;

    public FileSelection(IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude, bool includeExtensionless)
    {
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        includes.AddIncludePatterns(include);
        excludes.AddIncludePatterns(exclude);
        hasExcludes = exclude.Count > 0;
        this.includeExtensionless = includeExtensionless;
    }

    public static Option<string[]> IncludeOption() => new("--include")
    {
        Description = $"Glob of file names to take from directories, repeatable (default: {string.Join(' ', ReportPatterns)} and names without an extension).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string[]> ExcludeOption() => new("--exclude")
    {
        Description = "Glob of file names to leave out of directories, repeatable (e.g. --exclude '*.expected.json').",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The selection of <paramref name="include"/> (empty: the default) and <paramref name="exclude"/>.</summary>
    public static FileSelection From(string[]? include, string[]? exclude) =>
        include is { Length: > 0 }
            ? new FileSelection(include, exclude ?? [], includeExtensionless: false)
            : new FileSelection(ReportPatterns, exclude ?? [], includeExtensionless: true);

    /// <summary>Whether a directory entry named <paramref name="fileName"/> is taken.</summary>
    public bool Takes(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var included = includes.Match(fileName).HasMatches || (includeExtensionless && !Path.HasExtension(fileName));
        return included && !(hasExcludes && excludes.Match(fileName).HasMatches);
    }
}
