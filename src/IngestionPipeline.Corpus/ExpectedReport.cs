using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Corpus;

/// <summary>The ground truth for a generated report: the canonical report a correct parser produces.</summary>
public static class ExpectedReport
{
    public const string Generator = "corpus-generator@1";

    public static CanonicalReport From(ReportSpec spec, string mediaType = "")
    {
        var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
        foreach (var path in spec.Template.CellPaths)
        {
            cells[path] = spec.Cells[path].ToCell();
        }

        var agency = spec.Agency;
        var meta = new ReportMeta(
            new string(spec.PrintedTitle.Where(c => !char.IsWhiteSpace(c)).ToArray()),
            agency.PrintedName,
            agency.NormalizedName,
            new Region(agency.Province, agency.City, agency.County),
            spec.Year,
            spec.Version);

        var sections = new Dictionary<string, Section?>(StringComparer.Ordinal)
        {
            [SectionKeys.OverallSituation] = new Section("一、总体情况", string.Join('\n', spec.Overall)),
            [SectionKeys.ProblemsAndImprovements] = new Section(spec.Variants.ProblemsTitle, string.Join('\n', spec.Problems)),
            [SectionKeys.OtherMatters] = new Section("六、其他需要报告的事项", string.Join('\n', spec.OtherMatters)),
        };

        return new CanonicalReport
        {
            Meta = meta,
            Cells = cells,
            Sections = sections,
            Findings = [],
            Provenance = new Provenance(string.Empty, mediaType, Generator, Generator, string.Empty),
        };
    }
}
