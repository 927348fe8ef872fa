using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Ocr;
using IngestionPipeline.Core.Parsing;
using OpenCvSharp;

namespace IngestionPipeline.Core.Tests.Extraction;

/// <summary>
/// OCR of scans (issue 15): grids from ruling lines on generated page images, digit decoding through the models,
/// and the limits that turn hostile images into rejections. Tests that need the models skip with the command that
/// installs them (<c>tools/ocr-models/fetch.sh</c>; <c>.ci/run</c> runs it, so CI runs them).
/// </summary>
public sealed class OcrTests
{
    private const int Dpi = 170;

    /// <summary>A table page: 5 rows × 4 columns of 200×50 px, the first row one cell spanning columns 2–4; values drawn in the cells.</summary>
    private static Mat TablePage(string?[,] values, double rotation = 0, double noise = 0)
    {
        var page = new Mat(new Size(1200, 600), MatType.CV_8UC1, Scalar.White);
        int[] xs = [100, 400, 600, 800, 1000];
        int[] ys = [100, 160, 220, 280, 340, 400];
        foreach (var y in ys)
        {
            page.Line(new Point(xs[0], y), new Point(xs[^1], y), Scalar.Black, 2);
        }

        for (var i = 0; i < xs.Length; i++)
        {
            // Columns 2–4 are one cell in the first row: no rule between them there.
            var top = i is 2 or 3 ? ys[1] : ys[0];
            page.Line(new Point(xs[i], top), new Point(xs[i], ys[^1]), Scalar.Black, 2);
        }

        for (var r = 0; r < values.GetLength(0); r++)
        {
            for (var c = 0; c < values.GetLength(1); c++)
            {
                if (values[r, c] is { } text)
                {
                    page.PutText(text, new Point(xs[c] + 30, ys[r] + 42), HersheyFonts.HersheySimplex, 1.1, Scalar.Black, 2, LineTypes.AntiAlias);
                }
            }
        }

        if (rotation != 0)
        {
            using var m = Cv2.GetRotationMatrix2D(new Point2f(600, 300), rotation, 1.0);
            Cv2.WarpAffine(page, page, m, page.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.White);
        }

        if (noise > 0)
        {
            using var grain = new Mat(page.Size(), MatType.CV_16SC1);
            Cv2.SetTheRNG(42);
            Cv2.Randn(grain, Scalar.All(0), Scalar.All(noise));
            using var signed = new Mat();
            page.ConvertTo(signed, MatType.CV_16SC1);
            Cv2.Add(signed, grain, signed);
            signed.ConvertTo(page, MatType.CV_8UC1);
            Cv2.GaussianBlur(page, page, new Size(3, 3), 0.8);
        }

        return page;
    }

    private static readonly string?[,] Values =
    {
        { "Item", "Counts", null, null },
        { "A", "23", "4", "0" },
        { "B", "/", "105", "7" },
        { "C", null, "31", "9" },
        { "D", "1", "0", "2860" },
    };

    private static OcrOptions Options => OcrOptions.FromEnvironment();

    private static void RequireModels()
    {
        var (models, problem) = OcrModels.Load(Options);
        if (models is null)
        {
            Assert.Skip($"OCR models absent: {problem}");
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.8, 8.0)]
    [InlineData(-1.0, 6.0)]
    public void Ruling_lines_give_rows_columns_and_spans_on_a_skewed_noisy_page(double rotation, double noise)
    {
        using var page = TablePage(Values, rotation, noise);
        var skew = OcrPageReader.EstimateSkew(page);
        Assert.InRange(skew, -rotation - 0.15, -rotation + 0.15);
        using var m = Cv2.GetRotationMatrix2D(new Point2f(600, 300), skew, 1.0);
        Cv2.WarpAffine(page, page, m, page.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.White);

        var (binary, grids, _) = OcrPageReader.DetectGrids(page, Dpi);
        binary.Dispose();
        var grid = Assert.Single(grids);
        Assert.Equal(5, grid.Ys.Length - 1);
        Assert.Equal(4, grid.Xs.Length - 1);
        Assert.Equal(4 * 5 - 2, grid.Cells.Count);
        var header = grid.Cells.Single(c => c.Row == 0 && c.Column == 1);
        Assert.Equal((1, 3), (header.RowSpan, header.ColumnSpan));
        Assert.All(grid.Cells.Where(c => c.Row > 0), c => Assert.Equal((1, 1), (c.RowSpan, c.ColumnSpan)));
    }

    [Fact]
    public void A_page_without_rules_has_no_grid()
    {
        using var page = new Mat(new Size(800, 400), MatType.CV_8UC1, Scalar.White);
        page.PutText("12 345 6789", new Point(50, 200), HersheyFonts.HersheySimplex, 2, Scalar.Black, 3);
        var (binary, grids, _) = OcrPageReader.DetectGrids(page, Dpi);
        binary.Dispose();
        Assert.Empty(grids);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("o", true)]
    [InlineData("1,234", true)]
    [InlineData("。", false)]
    [InlineData("行政许可", false)]
    [InlineData("2021年", false)]
    [InlineData("", false)]
    public void Number_cells_are_recognised_by_their_general_reading(string text, bool numeric) =>
        Assert.Equal(numeric, TextRecognizer.LooksNumeric(text));

    [Fact]
    public void Image_formats_are_detected_from_content()
    {
        Cv2.ImEncode(".png", TablePage(Values), out var png);
        Cv2.ImEncode(".jpg", TablePage(Values), out var jpeg);
        Assert.Equal(FormatDetector.Png, FormatDetector.Detect(png));
        Assert.Equal(FormatDetector.Jpeg, FormatDetector.Detect(jpeg));
        Assert.Equal(FormatDetector.Tiff, FormatDetector.Detect([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]));
        Assert.Equal((1200L, 600L), ImageHeader.ReadSize(png));
        Assert.Equal((1200L, 600L), ImageHeader.ReadSize(jpeg));
    }

    [Fact]
    public void A_decompression_bomb_is_rejected_before_decoding()
    {
        // A valid PNG signature and IHDR declaring 100 000 × 100 000 pixels, and no pixel data.
        byte[] bomb = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 0, 0, 0, 0];
        var outcome = ExtractorRegistry.CreateDefault().Select(new RawFile(bomb, "bomb.png")).Value!.Extract(new RawFile(bomb, "bomb.png"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.TooLarge, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void Missing_models_are_a_rejection_naming_the_command_that_installs_them()
    {
        Cv2.ImEncode(".png", TablePage(Values), out var png);
        var extractor = new ImageExtractor(FormatDetector.Png, new OcrOptions { ModelsDirectory = Path.Combine(Path.GetTempPath(), "no-such-models") });
        var outcome = extractor.Extract(new RawFile(png, "scan.png"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.ExtractorUnavailable, outcome.Rejection.ReasonCode);
        Assert.Contains(OcrModels.FetchCommand, outcome.Rejection.Reason, StringComparison.Ordinal);
    }

    [Trait("Tier", "Slow")]
    [Fact]
    public void Cells_are_read_with_digits_decoded_blank_kept_blank_and_a_confidence()
    {
        RequireModels();
        Cv2.ImEncode(".png", TablePage(Values, rotation: 0.6, noise: 6), out var png);
        var outcome = new ImageExtractor(FormatDetector.Png, Options).Extract(new RawFile(png, "scan.png"), TestContext.Current.CancellationToken);
        Assert.True(outcome.IsSuccess, outcome.Rejection?.ToString());
        var table = Assert.Single(outcome.Value.Blocks.OfType<TableBlock>());
        string Cell(int row, int column) => table.Cells.Single(c => c.Row == row && c.Column == column).Text;
        Assert.Equal("23", Cell(1, 1));
        Assert.Equal("4", Cell(1, 2));
        Assert.Equal("0", Cell(1, 3));
        Assert.Equal("/", Cell(2, 1));
        Assert.Equal("105", Cell(2, 2));
        Assert.Equal(string.Empty, Cell(3, 1));
        Assert.Equal("2860", Cell(4, 3));
        var blank = table.Cells.Single(c => c.Row == 3 && c.Column == 1);
        Assert.Null(blank.Confidence);
        Assert.All(table.Cells.Where(c => c.Text.Length > 0), c => Assert.InRange(c.Confidence!.Value, 0.0, 1.0));
        Assert.All(table.Cells, c => Assert.Equal(1, c.Location.Page));
        Assert.All(table.Cells, c => Assert.NotNull(c.Box));
    }

    [Trait("Tier", "Slow")]
    [Fact]
    public void A_page_over_the_time_limit_is_a_timeout_rejection()
    {
        RequireModels();
        Cv2.ImEncode(".png", TablePage(Values), out var png);
        var outcome = new ImageExtractor(FormatDetector.Png, Options with { PageTimeout = TimeSpan.FromTicks(1) }).Extract(new RawFile(png, "scan.png"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.ExtractionTimeout, outcome.Rejection.ReasonCode);
    }

    [Fact]
    public void A_corrupt_image_is_rejected_not_thrown()
    {
        RequireModels();
        Cv2.ImEncode(".png", TablePage(Values), out var png);
        var truncated = png[..200];
        var outcome = new ImageExtractor(FormatDetector.Png, Options).Extract(new RawFile(truncated, "scan.png"), TestContext.Current.CancellationToken);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(ReasonCodes.CorruptFile, outcome.Rejection.ReasonCode);
    }
}
