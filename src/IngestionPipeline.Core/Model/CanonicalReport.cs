namespace IngestionPipeline.Core.Model;

/// <summary>
/// The canonical report of <c>shared/contract/README.md</c>. Cells are held flat, keyed by their dotted
/// contract path (<c>applications.total.newReceived</c>); <see cref="ReportJson"/> writes them as the
/// nested document of the contract. A report of one template version carries exactly the paths of
/// <see cref="TemplateDefinition.For(TemplateVersion)"/>.
/// </summary>
public sealed record CanonicalReport
{
    public const string CurrentSchemaVersion = "1.0";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required ReportMeta Meta { get; init; }

    /// <summary>Every cell path of the template version, in template order.</summary>
    public required IReadOnlyDictionary<string, Cell> Cells { get; init; }

    /// <summary>The three narrative sections by <see cref="SectionKeys"/>; null when absent from the source.</summary>
    public required IReadOnlyDictionary<string, Section?> Sections { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public required Provenance Provenance { get; init; }

    public Cell this[string path] => Cells.TryGetValue(path, out var cell) ? cell : Cell.Missing;
}
