using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>A recognised line: its text and its confidence (the lowest probability of any character read; 0 when nothing was read from the ink).</summary>
public sealed record RecognizedText(string Text, double Confidence);

/// <summary>
/// Recognises single text lines with the PP-OCRv4 recognition model: each crop is scaled to 48 px high, crops of
/// similar width are batched, and the model's per-step class probabilities are CTC-decoded greedily. A numeric
/// decode restricts the classes to digits and the few signs a number cell holds, so a tall <c>0</c> cannot come out as
/// <c>o</c> or <c>。</c>.
/// </summary>
public sealed class TextRecognizer(OcrModels models)
{
    private const int Height = 48;
    private const int MaxWidth = 1600;
    private const int BatchSize = 16;

    /// <summary>What a number cell may hold: digits, decimal point, minus, thousands separators, and <c>/</c> or dashes for "no value".</summary>
    private const string NumericCharacters = "0123456789.-,/%";

    /// <summary>Characters the general decode reads where the image shows a digit (tall cells, thin strokes).</summary>
    private const string DigitLookAlikes = "0123456789.-,/%oO〇。lI|，．－—";

    private readonly int[] numericClasses = NumericClassIndexes(models.Characters);

    private string RecognitionInput { get; } = models.Recognition.InputMetadata.Keys.First();

    /// <summary>Recognises each line crop (grey or BGR); <paramref name="numericHint"/> forces the numeric decode per crop when true.</summary>
    public IReadOnlyList<RecognizedText> Recognize(IReadOnlyList<Mat> lines, IReadOnlyList<bool>? numericHint = null, CancellationToken cancellationToken = default)
    {
        var results = new RecognizedText[lines.Count];
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (double)lines[i].Width / Math.Max(1, lines[i].Height)).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var widths = batch.Select(i => Math.Clamp((int)Math.Ceiling(Height * (double)lines[i].Width / Math.Max(1, lines[i].Height)), 8, MaxWidth)).ToArray();
            var width = Math.Max(widths.Max(), 32);
            var tensor = new DenseTensor<float>([batch.Length, 3, Height, width]);
            for (var b = 0; b < batch.Length; b++)
            {
                Fill(tensor, b, lines[batch[b]], widths[b]);
            }

            using var output = models.Recognition.Run([NamedOnnxValue.CreateFromTensor(RecognitionInput, tensor)]);
            var probabilities = output[0].AsTensor<float>();
            for (var b = 0; b < batch.Length; b++)
            {
                var general = Decode(probabilities, b, null);
                var numeric = numericHint?[batch[b]] == true || LooksNumeric(general.Text);
                results[batch[b]] = numeric ? Decode(probabilities, b, numericClasses) : general;
            }
        }

        return results;
    }

    /// <summary>True when a general decode reads like a number mis-read (digits and look-alikes only, at least one digit-like character).</summary>
    internal static bool LooksNumeric(string text) =>
        text.Length > 0 && text.Length <= 24 && text.All(c => DigitLookAlikes.Contains(c)) && text.Any(c => char.IsAsciiDigit(c) || c is 'o' or 'O' or '〇');

    private static void Fill(DenseTensor<float> tensor, int index, Mat line, int width)
    {
        using var resized = new Mat();
        using var gray = line.Channels() == 1 ? line.Clone() : line.CvtColor(ColorConversionCodes.BGR2GRAY);
        Cv2.Resize(gray, resized, new Size(width, Height), 0, 0, InterpolationFlags.Linear);
        resized.GetArray(out byte[] pixels);
        var tensorWidth = tensor.Dimensions[3];
        var plane = Height * tensorWidth;
        var buffer = tensor.Buffer.Span;
        var offset = index * 3 * plane;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // A grey page: the three channels are equal. Padding stays 0 after normalisation, as PaddleOCR pads.
                var value = (pixels[(y * width) + x] / 255f - 0.5f) / 0.5f;
                var at = (y * tensorWidth) + x;
                buffer[offset + at] = value;
                buffer[offset + plane + at] = value;
                buffer[offset + (2 * plane) + at] = value;
            }
        }
    }

    private RecognizedText Decode(Tensor<float> probabilities, int batch, int[]? allowed)
    {
        var steps = probabilities.Dimensions[1];
        var classes = probabilities.Dimensions[2];
        var text = new System.Text.StringBuilder();
        var confidence = 1.0;
        var previous = -1;
        for (var t = 0; t < steps; t++)
        {
            var best = 0;
            var bestP = probabilities[batch, t, 0];
            for (var c = 1; c < classes; c++)
            {
                var p = probabilities[batch, t, c];
                if (p > bestP)
                {
                    (best, bestP) = (c, p);
                }
            }

            var chosenP = (double)bestP;
            if (allowed is not null && best != 0)
            {
                // A character step of a number: the likeliest digit or sign, its confidence relative to the other
                // digits and signs (what matters is whether the model hesitated between two digits).
                var mass = 0.0;
                (best, bestP) = (allowed[0], probabilities[batch, t, allowed[0]]);
                foreach (var c in allowed)
                {
                    var p = probabilities[batch, t, c];
                    mass += p;
                    if (p > bestP)
                    {
                        (best, bestP) = (c, p);
                    }
                }

                chosenP = mass > 0 ? bestP / mass : 0;
            }

            if (best != 0 && best != previous)
            {
                text.Append(models.Characters[best]);
                confidence = Math.Min(confidence, chosenP);
            }

            previous = best;
        }

        // A crop is only recognised where there is ink: reading nothing from it is no confidence at all.
        return new RecognizedText(text.ToString().Trim(), text.Length == 0 ? 0.0 : confidence);
    }

    private static int[] NumericClassIndexes(IReadOnlyList<string> characters)
    {
        var indexes = new List<int>();
        for (var i = 1; i < characters.Count; i++)
        {
            if (characters[i].Length == 1 && NumericCharacters.Contains(characters[i][0]))
            {
                indexes.Add(i);
            }
        }

        return [.. indexes];
    }
}
