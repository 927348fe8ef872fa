using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IngestionPipeline.Corpus;

/// <summary>Prints an <see cref="AccuracyReport"/> as a plain-text table or as JSON.</summary>
public static class AccuracyReportFormatter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToText(AccuracyReport report, int wrongCellLimit = 50)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Cell accuracy (a cell is right when value and semantic both match; rejected documents count all cells wrong;");
        sb.AppendLine("with-finding: reports with wrong cells that carry an error or warning finding)");
        sb.AppendLine();
        sb.AppendLine(Row("format", "template", "docs", "rejected", "cells", "correct", "accuracy", "wrong-reports", "with-finding"));
        foreach (var bucket in report.Buckets.Concat(report.Formats).Append(report.Overall))
        {
            sb.AppendLine(Row(
                bucket.Format,
                bucket.TemplateVersion,
                N(bucket.Documents),
                N(bucket.Rejected),
                N(bucket.Cells),
                N(bucket.Correct),
                bucket.Accuracy.ToString("P2", CultureInfo.InvariantCulture),
                N(bucket.ReportsWithWrongCells),
                N(bucket.FlaggedReportsWithWrongCells)));
        }

        if (report.Classes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Per class (txt/html/docx/pdf/doc: the generated corpus of each format; title, org, md, ocr, web, mixed: the shapes of issue 12):");
            sb.AppendLine(Row("class", "template", "docs", "rejected", "cells", "correct", "accuracy", "wrong-reports", "with-finding"));
            foreach (var bucket in report.Classes)
            {
                sb.AppendLine(Row(
                    bucket.Format,
                    bucket.TemplateVersion,
                    N(bucket.Documents),
                    N(bucket.Rejected),
                    N(bucket.Cells),
                    N(bucket.Correct),
                    bucket.Accuracy.ToString("P2", CultureInfo.InvariantCulture),
                    N(bucket.ReportsWithWrongCells),
                    N(bucket.FlaggedReportsWithWrongCells)));
            }
        }

        var hazards = report.Hazards.Where(h => h.Correct < h.Cells || h.Rejected > 0).OrderBy(h => h.Accuracy).ToList();
        if (hazards.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Hazards with wrong cells (worst first; a document counts under each of its hazards):");
            foreach (var h in hazards)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {h.Format,-24} docs={h.Documents,-3} rejected={h.Rejected,-3} accuracy={h.Accuracy:P2}");
            }
        }

        var layouts = report.Documents
            .Where(d => d.Layout != "-")
            .GroupBy(d => (d.Format, d.Layout))
            .Select(g => (g.Key.Format, g.Key.Layout, Docs: g.Count(), Cells: g.Sum(d => d.Cells), Correct: g.Sum(d => d.Correct)))
            .Where(l => l.Correct < l.Cells)
            .OrderBy(l => (double)l.Correct / l.Cells)
            .ToList();
        if (layouts.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Layouts with wrong cells (worst first):");
            foreach (var l in layouts.Take(25))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {l.Format,-6} {l.Layout,-28} docs={l.Docs,-3} accuracy={(double)l.Correct / l.Cells:P2}");
            }
        }

        var rejected = report.Documents.Where(d => d.Rejected).ToList();
        if (rejected.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Rejected documents ({rejected.Count}):");
            foreach (var d in rejected.Take(wrongCellLimit))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {d.Class}/{d.File}: {d.Rejection}");
            }
        }

        var withWrong = report.Documents.Where(d => !d.Rejected && d.Wrong > 0).OrderBy(d => (double)d.Correct / d.Cells).ToList();
        if (withWrong.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Parsed reports with wrong cells ({withWrong.Count}; worst first; flagged = carries an error or warning finding); showing {Math.Min(wrongCellLimit, withWrong.Count)}:");
            foreach (var d in withWrong.Take(wrongCellLimit))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {d.Class}/{d.File}: {d.Wrong} wrong of {d.Cells}, {(d.Findings > 0 ? $"flagged ({d.Findings} error/warning findings)" : "NOT FLAGGED")}");
            }
        }

        var unflagged = report.Documents.Where(d => !d.Rejected && d.Wrong > 0 && d.Findings == 0).ToList();
        if (unflagged.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Reports with wrong cells but no finding ({unflagged.Count}):");
            foreach (var d in unflagged.Take(wrongCellLimit))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {d.Class}/{d.File}: {d.Wrong} wrong cells");
            }
        }

        var meta = report.Documents.Where(d => d.MetaMismatches.Count > 0).ToList();
        if (meta.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"Metadata mismatches ({meta.Count} documents; not counted in cell accuracy):");
            foreach (var d in meta.Take(wrongCellLimit))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {d.Class}/{d.File}: {string.Join("; ", d.MetaMismatches)}");
            }
        }

        var wrong = report.WrongCells.Where(w => w.Actual != "REJECTED").ToList();
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Wrong cells: {wrong.Count} in parsed documents (+{report.WrongCells.Count - wrong.Count} in rejected documents); showing {Math.Min(wrongCellLimit, wrong.Count)}:");
        foreach (var w in wrong.Take(wrongCellLimit))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {w.Format}/{w.File}  {w.Path}  expected {w.Expected}  actual {w.Actual}");
        }

        return sb.ToString();
    }

    public static string ToJson(AccuracyReport report, int wrongCellLimit = 50)
    {
        JsonObject Bucket(AccuracyBucket b) => new()
        {
            ["format"] = b.Format,
            ["templateVersion"] = b.TemplateVersion,
            ["documents"] = b.Documents,
            ["rejected"] = b.Rejected,
            ["cells"] = b.Cells,
            ["correct"] = b.Correct,
            ["accuracy"] = Math.Round(b.Accuracy, 6),
            ["reportsWithWrongCells"] = b.ReportsWithWrongCells,
            ["flaggedReportsWithWrongCells"] = b.FlaggedReportsWithWrongCells,
        };

        var root = new JsonObject
        {
            ["overall"] = Bucket(report.Overall),
            ["formats"] = new JsonArray(report.Formats.Select(b => (JsonNode)Bucket(b)).ToArray()),
            ["buckets"] = new JsonArray(report.Buckets.Select(b => (JsonNode)Bucket(b)).ToArray()),
            ["classes"] = new JsonArray(report.Classes.Select(b => (JsonNode)Bucket(b)).ToArray()),
            ["hazards"] = new JsonArray(report.Hazards.Select(b => (JsonNode)Bucket(b)).ToArray()),
            ["documents"] = new JsonArray(report.Documents.Select(d => (JsonNode)new JsonObject
            {
                ["file"] = d.File,
                ["format"] = d.Format,
                ["layout"] = d.Layout,
                ["class"] = d.Class,
                ["hazards"] = new JsonArray(d.Hazards.Select(h => (JsonNode)JsonValue.Create(h)).ToArray()),
                ["templateVersion"] = d.TemplateVersion,
                ["cells"] = d.Cells,
                ["correct"] = d.Correct,
                ["rejection"] = d.Rejection,
                ["findings"] = d.Findings,
                ["metaMismatches"] = new JsonArray(d.MetaMismatches.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            }).ToArray()),
            ["wrongCellCount"] = report.WrongCells.Count,
            ["wrongCells"] = new JsonArray(report.WrongCells.Take(wrongCellLimit).Select(w => (JsonNode)new JsonObject
            {
                ["file"] = w.File,
                ["format"] = w.Format,
                ["path"] = w.Path,
                ["expected"] = w.Expected,
                ["actual"] = w.Actual,
            }).ToArray()),
        };
        return root.ToJsonString(JsonOptions);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Row(params string[] cells)
    {
        int[] widths = [8, 9, 6, 9, 8, 8, 9, 14, 12];
        return string.Concat(cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
    }
}
