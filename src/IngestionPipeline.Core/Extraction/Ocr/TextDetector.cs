using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// Finds text lines on a page image with the PP-OCRv4 detection model (DB): the page is scaled so its longer side
/// is at most <see cref="LimitSide"/> (a multiple of 32), the probability map is thresholded, and each region's box is
/// grown by the DB unclip ratio. Boxes are axis-aligned (the page has been deskewed) in the input image's pixels.
/// </summary>
public sealed class TextDetector(OcrModels models)
{
    private readonly string detectionInput = models.Detection.InputMetadata.Keys.First();

    /// <summary>The longer side of the image the model sees.</summary>
    public const int LimitSide = 1280;

    private const float Threshold = 0.3f;
    private const double BoxScore = 0.6;
    private const double UnclipRatio = 1.6;

    /// <summary>Text line boxes in <paramref name="image"/> (grey or BGR), in no particular order.</summary>
    public IReadOnlyList<Rect> Detect(Mat image)
    {
        var scale = Math.Min(1.0, (double)LimitSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)Math.Round(image.Width * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(image.Height * scale / 32) * 32);
        using var resized = new Mat();
        Cv2.Resize(image, resized, new Size(width, height));
        using var gray = resized.Channels() == 1 ? resized.Clone() : resized.CvtColor(ColorConversionCodes.BGR2GRAY);
        gray.GetArray(out byte[] pixels);
        var tensor = new DenseTensor<float>([1, 3, height, width]);
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];
        var plane = height * width;
        var buffer = tensor.Buffer.Span;
        for (var i = 0; i < plane; i++)
        {
            var value = pixels[i] / 255f;
            buffer[i] = (value - mean[0]) / std[0];
            buffer[plane + i] = (value - mean[1]) / std[1];
            buffer[(2 * plane) + i] = (value - mean[2]) / std[2];
        }

        using var output = models.Detection.Run([NamedOnnxValue.CreateFromTensor(detectionInput, tensor)]);
        var map = output[0].AsTensor<float>().ToArray();
        using var probability = new Mat(height, width, MatType.CV_32FC1);
        probability.SetArray(map);

        using var mask = new Mat();
        Cv2.Threshold(probability, mask, Threshold, 255, ThresholdTypes.Binary);
        using var mask8 = new Mat();
        mask.ConvertTo(mask8, MatType.CV_8UC1);
        Cv2.FindContours(mask8, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var boxes = new List<Rect>();
        var (sx, sy) = ((double)image.Width / width, (double)image.Height / height);
        foreach (var contour in contours)
        {
            var rect = Cv2.BoundingRect(contour);
            if (Math.Min(rect.Width, rect.Height) < 3)
            {
                continue;
            }

            using var region = new Mat(probability, rect);
            using var regionMask = new Mat(mask8, rect);
            if (Cv2.Mean(region, regionMask).Val0 < BoxScore)
            {
                continue;
            }

            // DB unclip: grow by area × ratio / perimeter.
            var distance = rect.Width * rect.Height * UnclipRatio / (2.0 * (rect.Width + rect.Height));
            var left = Math.Max(0, (rect.Left - distance) * sx);
            var top = Math.Max(0, (rect.Top - distance) * sy);
            var right = Math.Min(image.Width, (rect.Right + distance) * sx);
            var bottom = Math.Min(image.Height, (rect.Bottom + distance) * sy);
            boxes.Add(new Rect((int)left, (int)top, (int)(right - left), (int)(bottom - top)));
        }

        return boxes;
    }
}
