using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Pdf;

/// <summary>
/// Checks a PDF's bytes before PdfPig reads them, for what PdfPig (0.1.16) does not bound itself:
/// indirect objects that only point at each other (<c>5 0 obj 6 0 R endobj</c>, <c>6 0 obj 5 0 R endobj</c>),
/// which send it into unbounded recursion (a stack overflow no .NET code can catch), and FlateDecode streams
/// that inflate without limit. In the extraction sandbox a missed case still only costs a child process; in
/// process this is the only defence. Objects inside compressed object streams are not seen by the cycle scan.
/// </summary>
internal static partial class PdfPreScan
{
    /// <summary>One stream may not inflate to more than this.</summary>
    public const long MaxInflatedBytesPerStream = 64L * 1024 * 1024;

    /// <summary>All FlateDecode streams of a document together may not inflate to more than this.</summary>
    public const long MaxInflatedBytesPerDocument = 256L * 1024 * 1024;

    private const int DictionaryWindow = 2048;

    public static Rejection? Check(byte[] pdf, CancellationToken cancellationToken)
    {
        var cycle = FindReferenceCycle(pdf);
        if (cycle is not null)
        {
            return new Rejection(ReasonCodes.CorruptFile, $"The PDF's objects refer to each other in a cycle ({cycle}).");
        }

        return CheckStreams(pdf, cancellationToken);
    }

    /// <summary>The first cycle among objects whose whole body is a reference to another object, e.g. "5 → 6 → 5".</summary>
    internal static string? FindReferenceCycle(ReadOnlySpan<byte> pdf)
    {
        var next = new Dictionary<int, int>();
        var search = pdf;
        var offset = 0;
        while (true)
        {
            var at = search.IndexOf("endobj"u8);
            if (at < 0)
            {
                break;
            }

            var end = offset + at;
            var start = Math.Max(0, end - 64);
            var window = Encoding.Latin1.GetString(pdf[start..end]);
            var match = ReferenceOnlyObject().Match(window);
            if (match.Success)
            {
                next[int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)] = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
            }

            offset = end + 6;
            search = pdf[offset..];
        }

        foreach (var first in next.Keys)
        {
            var seen = new List<int> { first };
            var current = first;
            while (next.TryGetValue(current, out var target))
            {
                if (seen.Contains(target))
                {
                    return string.Join(" → ", seen.Append(target));
                }

                seen.Add(target);
                current = target;
            }
        }

        return null;
    }

    private static Rejection? CheckStreams(byte[] pdf, CancellationToken cancellationToken)
    {
        var forms = new Dictionary<int, List<int>>();
        var rejection = CheckInflatedSizes(pdf, forms, cancellationToken);
        if (rejection is not null)
        {
            return rejection;
        }

        var depth = FormNestingDepth(forms);
        return depth > MaxFormNesting
            ? new Rejection(ReasonCodes.CorruptFile, $"The PDF nests form XObjects {depth} deep; the limit is {MaxFormNesting}.")
            : null;
    }

    /// <summary>Longest chain of forms listing forms (back references ignored), iteratively: the graph may be deep.</summary>
    internal static int FormNestingDepth(Dictionary<int, List<int>> forms)
    {
        var depth = new Dictionary<int, int>();
        var onPath = new HashSet<int>();
        var longest = 0;
        foreach (var root in forms.Keys)
        {
            if (depth.ContainsKey(root))
            {
                continue;
            }

            var stack = new Stack<(int Node, int Child)>();
            stack.Push((root, 0));
            onPath.Add(root);
            while (stack.Count > 0)
            {
                var (node, child) = stack.Pop();
                var kids = forms.GetValueOrDefault(node) ?? [];
                if (child < kids.Count)
                {
                    stack.Push((node, child + 1));
                    var kid = kids[child];
                    // A back reference (a form listing itself, or shared resources listing each other) is common and
                    // harmless unless drawn; PdfPig copes with the direct case and the sandbox with the rest.
                    if (!onPath.Contains(kid) && !depth.ContainsKey(kid) && forms.ContainsKey(kid))
                    {
                        onPath.Add(kid);
                        stack.Push((kid, 0));
                    }

                    continue;
                }

                onPath.Remove(node);
                depth[node] = 1 + kids.Where(k => !onPath.Contains(k)).Select(k => depth.GetValueOrDefault(k)).DefaultIfEmpty(0).Max();
                longest = Math.Max(longest, depth[node]);
            }
        }

        return longest;
    }

    private static Rejection? CheckInflatedSizes(byte[] pdf, Dictionary<int, List<int>> forms, CancellationToken cancellationToken)
    {
        long total = 0;
        var buffer = new byte[64 * 1024];
        var offset = 0;
        while (offset < pdf.Length)
        {
            var at = pdf.AsSpan(offset).IndexOf("stream"u8);
            if (at < 0)
            {
                break;
            }

            var keyword = offset + at;
            offset = keyword + 6;
            if (keyword > 0 && pdf[keyword - 1] == (byte)'d')
            {
                continue; // endstream
            }

            var dataStart = offset;
            if (dataStart < pdf.Length && pdf[dataStart] == (byte)'\r')
            {
                dataStart++;
            }

            if (dataStart < pdf.Length && pdf[dataStart] == (byte)'\n')
            {
                dataStart++;
            }

            var windowStart = Math.Max(0, keyword - DictionaryWindow);
            var dictionary = Encoding.Latin1.GetString(pdf, windowStart, keyword - windowStart);
            var objStart = dictionary.LastIndexOf(" obj", StringComparison.Ordinal);
            if (objStart >= 0)
            {
                var header = ObjectHeader().Match(dictionary[Math.Max(0, objStart - 24)..(objStart + 4)]);
                dictionary = dictionary[objStart..];
                if (header.Success && dictionary.Contains("/Form", StringComparison.Ordinal))
                {
                    forms[int.Parse(header.Groups[1].ValueSpan, CultureInfo.InvariantCulture)] = FormReferences(dictionary);
                }
            }

            if (!dictionary.Contains("/FlateDecode", StringComparison.Ordinal) && !dictionary.Contains("/Fl ", StringComparison.Ordinal))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var inflated = InflatedSize(new MemoryStream(pdf, dataStart, pdf.Length - dataStart, writable: false), buffer, MaxInflatedBytesPerStream + 1, cancellationToken);
            if (inflated > MaxInflatedBytesPerStream)
            {
                return new Rejection(ReasonCodes.TooLarge, $"A stream of the PDF inflates to more than {MaxInflatedBytesPerStream / (1024 * 1024)} MB (decompression bomb?).");
            }

            total += inflated;
            if (total > MaxInflatedBytesPerDocument)
            {
                return new Rejection(ReasonCodes.TooLarge, $"The PDF's streams inflate to more than {MaxInflatedBytesPerDocument / (1024 * 1024)} MB together (decompression bomb?).");
            }
        }

        return null;
    }

    /// <summary>Bytes the zlib data at the start of <paramref name="source"/> inflates to, counted up to <paramref name="limit"/>; damaged data counts what inflated before the damage.</summary>
    private static long InflatedSize(MemoryStream source, byte[] buffer, long limit, CancellationToken cancellationToken)
    {
        long count = 0;
        using (source)
        {
            using var inflater = new ZLibStream(source, CompressionMode.Decompress);
            try
            {
                int read;
                while ((read = inflater.Read(buffer)) > 0)
                {
                    count += read;
                    if (count >= limit)
                    {
                        break;
                    }

                    if ((count & 0xFFFFFF) < read)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            catch (InvalidDataException)
            {
                // Damaged or not zlib: PdfPig decides what to make of it.
            }
        }

        return count;
    }

    /// <summary>Objects referenced from the /XObject resources of a form's dictionary (inline resources only).</summary>
    private static List<int> FormReferences(string dictionary)
    {
        var at = dictionary.IndexOf("/XObject", StringComparison.Ordinal);
        if (at < 0)
        {
            return [];
        }

        var open = dictionary.IndexOf("<<", at, StringComparison.Ordinal);
        var close = open < 0 ? -1 : dictionary.IndexOf(">>", open, StringComparison.Ordinal);
        if (close < 0)
        {
            return [];
        }

        return Reference().Matches(dictionary[open..close]).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>Form XObjects drawing form XObjects deeper than this are refused: PdfPig follows them recursively.</summary>
    public const int MaxFormNesting = 32;

    [GeneratedRegex(@"(\d+)\s+\d+\s+obj\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"(\d+)\s+\d+\s+R", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"(\d+)\s+\d+\s+obj\s+(\d+)\s+\d+\s+R\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceOnlyObject();
}
