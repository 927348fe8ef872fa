using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace IngestionPipeline.Corpus.Rendering;

/// <summary>
/// Renders a spec as a Word document with real tables: merged cells as <c>w:gridSpan</c> (horizontal) and
/// <c>w:vMerge</c> restart/continue (vertical), exactly as the official template merges them. The same file is
/// the source of the PDF and DOC corpus (LibreOffice conversion in <c>tools/corpus/generate.sh</c>).
/// </summary>
public static class DocxRenderer
{
    /// <summary>A4 text width in twips (21 cm − 2 × 2.6 cm ≈ 15.8 cm).</summary>
    private const int TextWidth = 8960;

    public static byte[] Render(ReportSpec spec)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var block in ReportOutline.Of(spec))
            {
                switch (block)
                {
                    case TitleBlock t:
                        body.Append(Paragraph(t.Text, size: 36, center: true));
                        break;
                    case HeadingBlock h:
                        body.Append(Paragraph(h.Text, size: 32));
                        break;
                    case ParagraphBlock p:
                        body.Append(Paragraph(p.Text, size: 32, firstLineIndent: true));
                        break;
                    case NoteBlock n:
                        body.Append(Paragraph(n.Text, size: 24, center: true));
                        break;
                    case TableOutlineBlock table:
                        body.Append(Table(table.Table));
                        body.Append(new Paragraph());
                        break;
                    default:
                        throw new InvalidOperationException(block.GetType().Name);
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1474U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, bool bold = false, int size = 21, bool center = false, bool firstLineIndent = false, string font = "宋体")
    {
        var props = new ParagraphProperties();
        if (center)
        {
            props.Append(new Justification { Val = JustificationValues.Center });
        }

        if (firstLineIndent)
        {
            props.Append(new Indentation { FirstLineChars = 200 });
        }

        var runProps = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold)
        {
            runProps.Append(new Bold());
        }

        runProps.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var paragraph = new Paragraph(props);
        if (text.Length > 0)
        {
            paragraph.Append(new Run(runProps, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        }

        return paragraph;
    }

    private static Table Table(GridTable grid)
    {
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(
            new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            borders,
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableJustification { Val = TableRowAlignmentValues.Center }));

        var widths = ColumnWidths(grid);
        var gridElement = new TableGrid();
        foreach (var w in widths)
        {
            gridElement.Append(new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        table.Append(gridElement);
        var fontSize = grid.ColumnCount >= 15 ? 15 : 18;
        foreach (var row in grid.Placed())
        {
            var tr = new TableRow();
            foreach (var placed in row)
            {
                var span = placed.Cell.ColSpan;
                var width = widths.Skip(placed.Column).Take(span).Sum();
                var props = new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
                if (span > 1)
                {
                    props.Append(new GridSpan { Val = span });
                }

                if (placed.Continuation)
                {
                    props.Append(new VerticalMerge());
                }
                else if (placed.Cell.RowSpan > 1)
                {
                    props.Append(new VerticalMerge { Val = MergedCellValues.Restart });
                }

                props.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
                var text = placed.Continuation ? string.Empty : placed.Cell.Text;
                tr.Append(new TableCell(props, Paragraph(text, size: fontSize, center: placed.Cell.IsValue || grid.Key != "t3")));
            }

            table.Append(tr);
        }

        return table;
    }

    /// <summary>Label columns wide, value columns narrow, as in the template.</summary>
    private static int[] ColumnWidths(GridTable grid) => grid.Key switch
    {
        "t2" => [2600, 2120, 2120, 2120],
        "t3" when grid.ColumnCount == 11 => [640, 900, 2060, 640, 640, 640, 640, 640, 640, 640, 680],
        "t3" => [700, 1000, 2300, 700, 700, 700, 700, 700, 700, 760],
        _ => Enumerable.Repeat(TextWidth / grid.ColumnCount, grid.ColumnCount).ToArray(),
    };
}
