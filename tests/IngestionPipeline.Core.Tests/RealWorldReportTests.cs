using System.Text.Json;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The real reports of <c>TestData/realworld</c> (see its SOURCE.md) against their hand-made labels, judged as
/// <c>../shared/realworld/score.py</c> judges them: a number must be read (not inferred); <c>null</c> must be
/// EMPTY, NA or MISSING; <c>"ABSENT"</c> must be MISSING (or inferred); <c>"UNCERTAIN"</c> is not scored.
/// </summary>
public class RealWorldReportTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "realworld");

    public static TheoryData<string> Labels() =>
        [.. Directory.GetFiles(Path.Combine(Root, "labels"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Labels))]
    public void Real_report_reads_as_labelled(string labelFile)
    {
        using var label = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "labels", labelFile)));
        var source = label.RootElement.GetProperty("source").GetString()!;
        var bytes = File.ReadAllBytes(Path.Combine(Root, "files", source));

        var outcome = ReportParser.CreateDefault().Parse(new RawFile(bytes, source), TestContext.Current.CancellationToken);

        Assert.True(outcome.IsSuccess, outcome.IsSuccess ? null : $"{source} rejected: {outcome.Rejection.ReasonCode} {outcome.Rejection.Reason}");
        var report = outcome.Value;
        var meta = label.RootElement.GetProperty("meta");
        Assert.Equal(meta.GetProperty("year").GetInt32(), report.Meta.Year);
        Assert.Equal(meta.GetProperty("templateVersion").GetString(), report.Meta.TemplateVersion.ToWire());
        Assert.Equal(meta.GetProperty("organization").GetString(), report.Meta.Organization);

        var wrong = new List<string>();
        foreach (var cell in label.RootElement.GetProperty("cells").EnumerateObject())
        {
            if (Judge(cell.Value, report.Cells.TryGetValue(cell.Name, out var c) ? c : null) == false)
            {
                wrong.Add(cell.Name);
            }
        }

        Assert.Empty(wrong);
    }

    private static bool? Judge(JsonElement expected, Cell? cell)
    {
        if (expected.ValueKind == JsonValueKind.String && expected.GetString() == "UNCERTAIN")
        {
            return null;
        }

        if (cell is null)
        {
            return false;
        }

        return expected.ValueKind switch
        {
            JsonValueKind.String => cell.Semantic == CellSemantic.Missing || cell.Inferred,
            JsonValueKind.Null => cell.Value is null && cell.Semantic is CellSemantic.Empty or CellSemantic.NA or CellSemantic.Missing,
            _ => cell.Value == expected.GetDecimal() && !cell.Inferred,
        };
    }
}
