using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests.Extraction;

/// <summary>
/// Fills the official blank 2021 template (<c>shared/domain/template-2021-blank.docx</c>, a copy is in
/// <c>Fixtures/docx</c>) with known, pairwise distinct values, so every one of the 200 cells can be checked
/// after a full parse.
/// </summary>
internal static class DocxTemplateFiller
{
    public const string Title = "某某县卫生健康局2023年政府信息公开工作年度报告";

    public static string FixturePath(string folder, string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name);
        return File.Exists(copied) ? copied : Path.Combine(TestFiles.RepositoryRoot, "tests", "IngestionPipeline.Core.Tests", "Fixtures", folder, name);
    }

    public static byte[] BlankTemplate() => File.ReadAllBytes(FixturePath("docx", "template-2021-blank.docx"));

    /// <summary>Path → raw text written into the cell, for all 200 gb2021 cells.</summary>
    public static Dictionary<string, string> Gb2021Values()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["activeDisclosure.regulations.made"] = "11",
            ["activeDisclosure.regulations.repealed"] = "12",
            ["activeDisclosure.regulations.valid"] = "13",
            ["activeDisclosure.normativeDocuments.made"] = "21",
            ["activeDisclosure.normativeDocuments.repealed"] = "0",
            ["activeDisclosure.normativeDocuments.valid"] = "23",
            ["activeDisclosure.licensing.processed"] = "1,031",
            ["activeDisclosure.punishment.processed"] = "41",
            ["activeDisclosure.coercion.processed"] = "42",
            ["activeDisclosure.fees.amount"] = "12.3456",
        };
        var rows = TemplateDefinition.Gb2021.ApplicationRows;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < TemplateDefinition.ApplicantColumns.Count; c++)
            {
                values[TemplateDefinition.ApplicationPath(TemplateDefinition.ApplicantColumns[c], rows[r])] = (100 + (r * 10) + c).ToString(CultureInfo.InvariantCulture);
            }
        }

        var k = 0;
        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            foreach (var column in TemplateDefinition.ReviewColumns)
            {
                values[TemplateDefinition.ReviewPath(group, column)] = (501 + k++).ToString(CultureInfo.InvariantCulture);
            }
        }

        return values;
    }

    /// <summary>The blank template with the title replaced, a 统计期限 sentence added and every value cell filled.</summary>
    public static byte[] FilledGb2021(IReadOnlyDictionary<string, string> values)
    {
        using var stream = new MemoryStream();
        var blank = BlankTemplate();
        stream.Write(blank);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var body = document.MainDocumentPart!.Document!.Body!;
            var title = body.Elements<Paragraph>().First(p => p.InnerText.Contains("年度报告格式模板", StringComparison.Ordinal));
            SetText(title, Title);
            var overall = body.Elements<Paragraph>().First(p => p.InnerText == "（文字描述）");
            SetText(overall, "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。");

            var tables = body.Elements<Table>().ToList();
            FillTable2(tables[0], values);
            FillTable3(tables[1], values);
            FillTable4(tables[2], values);
            document.MainDocumentPart.Document.Save();
        }

        return stream.ToArray();
    }

    public static void SetText(TableCell cell, string text) => SetText(cell.Elements<Paragraph>().First(), text);

    public static void SetText(Paragraph paragraph, string text)
    {
        var runProperties = paragraph.Descendants<RunProperties>().FirstOrDefault()?.CloneNode(true);
        foreach (var run in paragraph.Elements<Run>().ToList())
        {
            run.Remove();
        }

        var newRun = new Run(new Text(text) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve });
        if (runProperties is not null)
        {
            newRun.PrependChild(runProperties);
        }

        paragraph.AppendChild(newRun);
    }

    private static void FillTable2(Table table, IReadOnlyDictionary<string, string> values)
    {
        var rows = table.Elements<TableRow>().ToList();
        string[] columns = ["made", "repealed", "valid"];
        (int Row, string Key)[] triple = [(2, "regulations"), (3, "normativeDocuments")];
        foreach (var (row, key) in triple)
        {
            var cells = rows[row].Elements<TableCell>().ToList();
            for (var c = 0; c < 3; c++)
            {
                SetText(cells[c + 1], values[$"activeDisclosure.{key}.{columns[c]}"]);
            }
        }

        (int Row, string Path)[] singles =
        [
            (6, "activeDisclosure.licensing.processed"),
            (9, "activeDisclosure.punishment.processed"),
            (10, "activeDisclosure.coercion.processed"),
            (13, "activeDisclosure.fees.amount"),
        ];
        foreach (var (row, path) in singles)
        {
            SetText(rows[row].Elements<TableCell>().ElementAt(1), values[path]);
        }
    }

    private static void FillTable3(Table table, IReadOnlyDictionary<string, string> values)
    {
        var rows = table.Elements<TableRow>().ToList();
        var keys = TemplateDefinition.Gb2021.ApplicationRows;
        for (var r = 0; r < keys.Count; r++)
        {
            var cells = rows[3 + r].Elements<TableCell>().ToList();
            var valueCells = cells.Skip(cells.Count - 7).ToList();
            for (var c = 0; c < 7; c++)
            {
                SetText(valueCells[c], values[TemplateDefinition.ApplicationPath(TemplateDefinition.ApplicantColumns[c], keys[r])]);
            }
        }
    }

    private static void FillTable4(Table table, IReadOnlyDictionary<string, string> values)
    {
        var cells = table.Elements<TableRow>().ElementAt(3).Elements<TableCell>().ToList();
        var k = 0;
        foreach (var group in TemplateDefinition.ReviewGroups)
        {
            foreach (var column in TemplateDefinition.ReviewColumns)
            {
                SetText(cells[k++], values[TemplateDefinition.ReviewPath(group, column)]);
            }
        }
    }
}
