using System.CommandLine;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Cli.Commands;

/// <summary>The report filters of <c>reports</c> and <c>export</c>: the same as those of <c>GET /reports</c>.</summary>
internal sealed class AnalysisOptions
{
    public Option<int?> Year { get; } = new("--year") { Description = "Only reports of this year." };

    public Option<string?> Region { get; } = new("--region") { Description = "Only reports whose region or report key contains this text." };

    public Option<string?> Organization { get; } = new("--organization") { Description = "Only reports whose printed or normalized organization contains this text." };

    public Option<string?> Template { get; } = new("--template")
    {
        Description = "Only reports of this template version.",
        CustomParser = r =>
        {
            var value = r.Tokens.Single().Value.ToLowerInvariant();
            if (value is not ("gb2019" or "gb2021"))
            {
                r.AddError($"--template must be gb2019 or gb2021, not '{r.Tokens.Single().Value}'.");
            }

            return value;
        },
    };

    public Option<bool?> Findings { get; } = new("--findings") { Description = "true: only reports with findings; false: only reports without." };

    public IEnumerable<Option> All => [Year, Region, Organization, Template, Findings];

    public ReportExportFilter ExportFilter(ParseResult result, bool allVersions = false) => new()
    {
        Year = result.GetValue(Year),
        Region = result.GetValue(Region),
        Organization = result.GetValue(Organization),
        TemplateVersion = result.GetValue(Template),
        HasFindings = result.GetValue(Findings),
        AllVersions = allVersions,
    };

    public ReportQuery Query(ParseResult result, int limit, string? after) => new()
    {
        Year = result.GetValue(Year),
        Region = result.GetValue(Region),
        Organization = result.GetValue(Organization),
        TemplateVersion = result.GetValue(Template),
        HasFindings = result.GetValue(Findings),
        Limit = limit,
        AfterKey = after,
    };
}
