using IngestionPipeline.Core.Model;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// Reads one page image into document blocks: deskew → table grids from ruling lines → every cell recognised on its
/// own crop (multi-line cells split by projection; number cells decoded digits-only) → text lines outside the tables
/// from detection + recognition → blocks in reading order (top to bottom; a table where its top rule is). Every
/// table cell and text block carries its page, its box (PDF points from the page's top-left) and its confidence.
/// </summary>
public sealed class OcrPageReader(OcrModels models)
{
    private readonly TextRecognizer recognizer = new(models);
    private readonly TextDetector detector = new(models);

    /// <summary>The largest skew corrected (degrees); scans are rarely fed more crookedly.</summary>
    public const double MaxSkewDegrees = 3.0;

    /// <summary>The blocks of page <paramref name="pageNumber"/>; <paramref name="dpi"/> converts pixels to points.</summary>
    public IReadOnlyList<DocumentBlock> Read(Mat page, int pageNumber, double dpi, CancellationToken cancellationToken)
    {
        using var gray = page.Channels() == 1 ? page.Clone() : page.CvtColor(page.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        var angle = EstimateSkew(gray);
        if (Math.Abs(angle) >= 0.05)
        {
            using var rotation = Cv2.GetRotationMatrix2D(new Point2f(gray.Width / 2f, gray.Height / 2f), angle, 1.0);
            Cv2.WarpAffine(gray, gray, rotation, gray.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.White);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (binary, grids, tolerance) = DetectGrids(gray, dpi);
        using var binaryPage = binary;

        // Ink that is text: the binary page without the table rules (thickened by a pixel so blurred rule edges go too).
        using var text = binary.Clone();
        foreach (var rule in grids.SelectMany(g => g.Rules))
        {
            text.Rectangle(Expand(rule.Extent, 1, text.Size()), Scalar.Black, -1);
        }

        // Sensor grain survives the threshold as isolated specks; they would stretch a cell's line box to the whole cell.
        using (var speck = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(2, 2)))
        {
            Cv2.MorphologyEx(text, text, MorphTypes.Open, speck);
        }

        var pointsPerPixel = 72.0 / dpi;
        SourceBox ToBox(Rect r) => new(Math.Round(r.Left * pointsPerPixel, 1), Math.Round(r.Top * pointsPerPixel, 1), Math.Round(r.Right * pointsPerPixel, 1), Math.Round(r.Bottom * pointsPerPixel, 1));

        // All crops of the page go to the recogniser together (batched by width).
        var crops = new List<Mat>();
        var cellCrops = new List<(RulingGrid Grid, GridCell Cell, List<int> Crops)>();
        try
        {
            foreach (var grid in grids)
            {
                foreach (var cell in grid.Cells)
                {
                    var indexes = new List<int>();
                    foreach (var lineBox in SplitLines(text, Inner(cell.Box, tolerance, gray.Size())))
                    {
                        indexes.Add(crops.Count);
                        crops.Add(new Mat(gray, lineBox));
                    }

                    cellCrops.Add((grid, cell, indexes));
                }
            }

            // Text outside the tables: detection on the page with the tables blanked out.
            var textLines = new List<(Rect Box, int Crop)>();
            using (var outside = gray.Clone())
            using (var outsideInk = text.Clone())
            {
                foreach (var grid in grids)
                {
                    var bounds = Expand(grid.Bounds, tolerance, gray.Size());
                    outside.Rectangle(bounds, Scalar.White, -1);
                    outsideInk.Rectangle(bounds, Scalar.Black, -1);
                }

                if (Cv2.CountNonZero(outsideInk) > 50)
                {
                    foreach (var box in detector.Detect(outside))
                    {
                        var tight = Tighten(text, box);
                        if (tight is { } t)
                        {
                            textLines.Add((t, crops.Count));
                            crops.Add(new Mat(gray, Pad(t, 4, gray.Size())));
                        }
                    }
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var recognized = recognizer.Recognize(crops, null, cancellationToken);

            // Reading order: tables and text lines by their top; text boxes on one line left to right.
            var items = new List<(int Top, DocumentBlockBuilder Build)>();
            foreach (var grid in grids)
            {
                var cells = cellCrops.Where(c => c.Grid == grid).ToList();
                items.Add((grid.Bounds.Top, firstLine =>
                {
                    var tableCells = cells.Select(c =>
                    {
                        var parts = c.Crops.Select(i => recognized[i]).ToList();
                        return new TableCell(c.Cell.Row, c.Cell.Column, JoinLines(parts.Select(p => p.Text)), new SourceLocation(pageNumber, firstLine + c.Cell.Row), c.Cell.RowSpan, c.Cell.ColumnSpan)
                        {
                            Box = ToBox(c.Cell.Box),
                            Confidence = parts.Count == 0 ? null : Math.Round(parts.Min(p => p.Confidence), 4),
                        };
                    }).ToList();
                    return (new TableBlock(tableCells, new SourceLocation(pageNumber, firstLine)), grid.Ys.Length - 1);
                }));
            }

            foreach (var line in GroupIntoLines(textLines.Where(t => recognized[t.Crop].Text.Length > 0).ToList()))
            {
                var parts = line.Select(l => recognized[l.Crop]).ToList();
                var box = line.Select(l => l.Box).Aggregate((a, b) => a.Union(b));
                items.Add((box.Top, firstLine => (new TextBlock(JoinSegments(parts.Select(p => p.Text)), new SourceLocation(pageNumber, firstLine))
                {
                    Box = ToBox(box),
                    Confidence = Math.Round(parts.Min(p => p.Confidence), 4),
                }, 1)));
            }

            var blocks = new List<DocumentBlock>();
            var lineNumber = 1;
            foreach (var item in items.OrderBy(i => i.Top))
            {
                var (block, used) = item.Build(lineNumber);
                blocks.Add(block);
                lineNumber += Math.Max(used, 1);
            }

            return blocks;
        }
        finally
        {
            foreach (var crop in crops)
            {
                crop.Dispose();
            }
        }
    }

    private delegate (DocumentBlock Block, int Lines) DocumentBlockBuilder(int firstLine);

    /// <summary>The binarised page (ink 255), its table grids and the pixel tolerance of rule positions, for a deskewed grey page.</summary>
    internal static (Mat Binary, List<RulingGrid> Grids, int Tolerance) DetectGrids(Mat gray, double dpi)
    {
        var unit = Math.Max(1.0, dpi / 170.0);
        var binary = Binarize(gray, unit);
        var rules = RulingGrid.FindRules(binary, (int)(40 * unit), (int)(15 * unit));
        var tolerance = (int)Math.Ceiling(5 * unit);
        return (binary, RulingGrid.Build(rules, tolerance), tolerance);
    }

    /// <summary>The skew of the page in degrees (positive: counter-clockwise), from the sharpest horizontal projection.</summary>
    internal static double EstimateSkew(Mat gray)
    {
        var scale = Math.Min(1.0, 900.0 / gray.Width);
        using var small = new Mat();
        Cv2.Resize(gray, small, new Size(0, 0), scale, scale, InterpolationFlags.Area);
        using var ink = new Mat();
        Cv2.Threshold(small, ink, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        var center = new Point2f(ink.Width / 2f, ink.Height / 2f);
        double Score(double angle)
        {
            using var rotation = Cv2.GetRotationMatrix2D(center, angle, 1.0);
            using var rotated = new Mat();
            Cv2.WarpAffine(ink, rotated, rotation, ink.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.Black);
            using var rows = new Mat();
            Cv2.Reduce(rotated, rows, ReduceDimension.Column, ReduceTypes.Sum, MatType.CV_64FC1.Value);
            rows.GetArray(out double[] sums);
            return sums.Sum(s => s * s);
        }

        var best = 0.0;
        var bestScore = Score(0);
        for (var step = 0.5; step >= 0.05; step /= 2)
        {
            var center0 = best;
            var range = step == 0.5 ? MaxSkewDegrees : step * 2;
            for (var a = center0 - range; a <= center0 + range + 1e-9; a += step)
            {
                var score = Score(a);
                if (score > bestScore)
                {
                    (best, bestScore) = (a, score);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Ink (255) against paper (0) by a local threshold: faint, blurred rules of a scan survive where one global
    /// threshold for the page would lose them, and sensor grain stays below the offset.
    /// </summary>
    private static Mat Binarize(Mat gray, double unit)
    {
        using var smooth = new Mat();
        Cv2.GaussianBlur(gray, smooth, new Size(3, 3), 0);
        var binary = new Mat();
        var block = ((int)(12 * unit) * 2) + 1;
        Cv2.AdaptiveThreshold(smooth, binary, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.BinaryInv, block, 12);
        return binary;
    }

    /// <summary>The text lines of a cell: runs of inked rows (noise specks ignored), each cut to its inked columns.</summary>
    private static IEnumerable<Rect> SplitLines(Mat textInk, Rect inner)
    {
        if (inner.Width < 4 || inner.Height < 4)
        {
            yield break;
        }

        using var cell = new Mat(textInk, inner);
        using var rowSums = new Mat();
        Cv2.Reduce(cell, rowSums, ReduceDimension.Column, ReduceTypes.Sum, MatType.CV_32SC1.Value);
        rowSums.GetArray(out int[] rows);
        var runs = new List<(int From, int To)>();
        for (var y = 0; y < rows.Length; y++)
        {
            if (rows[y] / 255 < 2)
            {
                continue;
            }

            if (runs.Count > 0 && y - runs[^1].To <= 2)
            {
                runs[^1] = (runs[^1].From, y + 1);
            }
            else
            {
                runs.Add((y, y + 1));
            }
        }

        foreach (var (from, to) in runs)
        {
            if (to - from < 5)
            {
                continue; // a speck or a stray edge of a rule, not a line of text
            }

            using var band = new Mat(cell, new Rect(0, from, cell.Width, to - from));
            using var colSums = new Mat();
            Cv2.Reduce(band, colSums, ReduceDimension.Row, ReduceTypes.Sum, MatType.CV_32SC1.Value);
            colSums.GetArray(out int[] columns);
            var left = Array.FindIndex(columns, c => c / 255 >= 1);
            var right = Array.FindLastIndex(columns, c => c / 255 >= 1);
            if (left < 0 || Cv2.CountNonZero(band) < 12)
            {
                continue;
            }

            var height = to - from;
            var padY = Math.Max(3, height / 5);
            var padX = Math.Max(4, height / 3);
            var x0 = Math.Max(inner.Left, inner.Left + left - padX);
            var x1 = Math.Min(inner.Right, inner.Left + right + 1 + padX);
            var y0 = Math.Max(inner.Top, inner.Top + from - padY);
            var y1 = Math.Min(inner.Bottom, inner.Top + to + padY);
            yield return new Rect(x0, y0, x1 - x0, y1 - y0);
        }
    }

    /// <summary>A detected box shrunk to the text ink inside it; null when it holds none.</summary>
    private static Rect? Tighten(Mat textInk, Rect box)
    {
        box = box.Intersect(new Rect(0, 0, textInk.Width, textInk.Height));
        if (box.Width < 4 || box.Height < 4)
        {
            return null;
        }

        using var region = new Mat(textInk, box);
        var bounds = Cv2.BoundingRect(region);
        return bounds.Width < 2 || bounds.Height < 4 ? null : new Rect(box.Left + bounds.Left, box.Top + bounds.Top, bounds.Width, bounds.Height);
    }

    private static Rect Inner(Rect box, int margin, Size size) =>
        new Rect(box.Left + margin, box.Top + margin, box.Width - (2 * margin), box.Height - (2 * margin)).Intersect(new Rect(0, 0, size.Width, size.Height));

    private static Rect Expand(Rect box, int margin, Size size) =>
        new Rect(box.Left - margin, box.Top - margin, box.Width + (2 * margin), box.Height + (2 * margin)).Intersect(new Rect(0, 0, size.Width, size.Height));

    private static Rect Pad(Rect box, int margin, Size size) => Expand(box, margin, size);

    /// <summary>Detected boxes grouped into lines (vertical centres within half a box height), each left to right.</summary>
    private static List<List<(Rect Box, int Crop)>> GroupIntoLines(List<(Rect Box, int Crop)> boxes)
    {
        var lines = new List<List<(Rect Box, int Crop)>>();
        foreach (var box in boxes.OrderBy(b => b.Box.Top + (b.Box.Height / 2)))
        {
            var centre = box.Box.Top + (box.Box.Height / 2);
            var line = lines.FirstOrDefault(l => Math.Abs(l[0].Box.Top + (l[0].Box.Height / 2) - centre) <= Math.Max(l[0].Box.Height, box.Box.Height) / 2);
            if (line is null)
            {
                lines.Add([box]);
            }
            else
            {
                line.Add(box);
            }
        }

        foreach (var line in lines)
        {
            line.Sort((a, b) => a.Box.Left.CompareTo(b.Box.Left));
        }

        return lines;
    }

    /// <summary>The lines of a cell joined as the PDF extractor joins them: no separator (CJK wraps mid-word) except between Latin letters or digits.</summary>
    private static string JoinLines(IEnumerable<string> parts)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts.Where(p => p.Length > 0))
        {
            if (text.Length > 0 && char.IsAsciiLetterOrDigit(text[^1]) && char.IsAsciiLetterOrDigit(part[0]))
            {
                text.Append(' ');
            }

            text.Append(part);
        }

        return text.ToString();
    }

    /// <summary>Separate pieces of one printed line, joined with a space (as the PDF extractor joins separated segments).</summary>
    private static string JoinSegments(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
