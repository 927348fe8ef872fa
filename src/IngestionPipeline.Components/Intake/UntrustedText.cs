using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace IngestionPipeline.Components.Intake;

/// <summary>
/// Makes text from outside (upload file names, hints, request paths) safe to log and to store: control characters
/// (line feeds that would forge a log line, ANSI escape sequences that would rewrite a terminal, NUL, DEL, C1) and
/// the Unicode line separators and bidirectional overrides that reorder what an operator reads become visible
/// <c>\uXXXX</c> escapes. Everything else, Chinese included, is kept as it is.
/// </summary>
public static class UntrustedText
{
    /// <summary>The text with every unsafe character replaced by <c>\uXXXX</c>; null stays null; safe text is returned as is.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Escape(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether <see cref="Escape"/> would change the text.</summary>
    public static bool NeedsEscaping(string? text) => text is not null && IndexOfUnsafe(text) >= 0;

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) // C0 (tab, CR, LF, ESC, NUL, …), DEL, C1
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' // bidirectional embeddings and overrides
        || c is >= '\u2066' and <= '\u2069' // bidirectional isolates
        || c is '\u200E' or '\u200F' or '\u061C' // direction marks
        || c is '\uFEFF'; // zero-width no-break space / stray BOM
}
