using System.Text;

namespace IngestionPipeline.Core.Extraction.Html;

/// <summary>
/// A linear pre-pass over the markup that drops start and end tags nested deeper than
/// <see cref="MaxDepth"/> (their text stays). HTML tree builders scan the stack of open elements for
/// every tag, so 100,000 nested <c>&lt;div&gt;</c>s cost quadratic time (tens of seconds in AngleSharp);
/// real report pages stay far below the cap. Comments and raw-text elements (script, style, textarea,
/// title) are skipped whole; void elements and elements with implied end tags (p, li, td, tr…) do not
/// count as nesting, so long sloppy pages with unclosed paragraphs are untouched.
/// </summary>
internal static class HtmlDepthLimiter
{
    public const int MaxDepth = 256;

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
    };

    /// <summary>Elements whose end tag is optional: closed implicitly by their siblings, so not real nesting.</summary>
    private static readonly HashSet<string> ImpliedEnd = new(StringComparer.Ordinal)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.Ordinal) { "script", "style", "textarea", "title", "xmp", "plaintext" };

    /// <summary>HTML ignores the self-closing slash on these, so <c>&lt;div/&gt;</c> still opens an element.</summary>
    private static readonly HashSet<string> SlashIgnored = new(StringComparer.Ordinal)
    {
        "div", "span", "a", "b", "i", "u", "s", "em", "strong", "font", "small", "big", "sub", "sup", "section", "article", "table",
        "ul", "ol", "dl", "blockquote", "center", "form", "label", "nav", "header", "footer", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidLookup = Void.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ImpliedEndLookup = ImpliedEnd.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RawTextLookup = RawText.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SlashIgnoredLookup = SlashIgnored.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The markup with over-deep tags removed (the same string when nothing needed removing).</summary>
    public static string Limit(string html)
    {
        if (html.AsSpan().Count('<') <= MaxDepth)
        {
            return html;
        }

        // The copy is started only at the first dropped tag: until then it would equal html[..i], and most pages
        // (deeper than 256 tags in total, never 256 levels deep) drop nothing and return the input.
        StringBuilder? sb = null;
        var suppressed = new Dictionary<string, int>(StringComparer.Ordinal);
        var suppressedLookup = suppressed.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> nameBuffer = stackalloc char[32];
        var depth = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                break;
            }

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                if (endComment < 0)
                {
                    break;
                }

                sb?.Append(html, i, endComment + 3 - i);
                i = endComment + 3;
                continue;
            }

            var j = lt + 1;
            var closing = j < html.Length && html[j] == '/';
            if (closing)
            {
                j++;
            }

            var nameStart = j;
            while (j < html.Length && (char.IsAsciiLetterOrDigit(html[j]) || html[j] is '-' or ':') && (j > nameStart || char.IsAsciiLetter(html[j])))
            {
                j++;
            }

            var gt = j > nameStart ? html.IndexOf('>', j) : -1;
            if (gt < 0)
            {
                // Not a tag ("a < b"), or an unterminated one: keep the character as text.
                sb?.Append(html, i, lt + 1 - i);
                i = lt + 1;
                continue;
            }

            // Tag names are ASCII here, lowered into a stack buffer and looked up as spans: no strings per tag.
            var rawName = html.AsSpan(nameStart, j - nameStart);
            ReadOnlySpan<char> name = rawName.Length <= nameBuffer.Length
                ? nameBuffer[..rawName.ToLowerInvariant(nameBuffer)]
                : rawName.ToString().ToLowerInvariant();
            var keep = true;
            if (!closing && RawTextLookup.Contains(name))
            {
                var end = html.IndexOf(string.Concat("</", name), gt + 1, StringComparison.OrdinalIgnoreCase);
                var stop = end < 0 ? html.Length : end;
                sb?.Append(html, i, stop - i);
                i = stop;
                continue;
            }

            if (!VoidLookup.Contains(name) && !ImpliedEndLookup.Contains(name) && !RawTextLookup.Contains(name))
            {
                if (closing)
                {
                    if (suppressedLookup.TryGetValue(name, out var count) && count > 0)
                    {
                        suppressed[name.ToString()] = count - 1;
                        keep = false;
                    }
                    else
                    {
                        depth = Math.Max(0, depth - 1);
                    }
                }
                else if (html[gt - 1] != '/' || SlashIgnoredLookup.Contains(name))
                {
                    if (depth >= MaxDepth)
                    {
                        var key = name.ToString();
                        suppressed[key] = suppressed.GetValueOrDefault(key) + 1;
                        keep = false;
                    }
                    else
                    {
                        depth++;
                    }
                }
            }

            if (keep)
            {
                sb?.Append(html, i, gt + 1 - i);
            }
            else
            {
                sb ??= new StringBuilder(html.Length).Append(html, 0, i);
                sb.Append(html, i, lt - i);
            }

            i = gt + 1;
        }

        if (sb is null)
        {
            return html;
        }

        if (i < html.Length)
        {
            sb.Append(html, i, html.Length - i);
        }

        return sb.ToString();
    }
}
