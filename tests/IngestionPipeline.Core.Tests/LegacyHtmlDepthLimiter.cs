using System.Text;

namespace IngestionPipeline.Core.Tests;

/// <summary>The former <c>HtmlDepthLimiter</c> (a copy built for every page), kept verbatim as the oracle of the lazy one.</summary>
internal static class LegacyHtmlDepthLimiter
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

    /// <summary>The markup with over-deep tags removed (the same string when nothing needed removing).</summary>
    public static string Limit(string html)
    {
        if (html.AsSpan().Count('<') <= MaxDepth)
        {
            return html;
        }

        var sb = new StringBuilder(html.Length);
        var suppressed = new Dictionary<string, int>(StringComparer.Ordinal);
        var depth = 0;
        var dropped = false;
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

                sb.Append(html, i, endComment + 3 - i);
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
                sb.Append(html, i, lt + 1 - i);
                i = lt + 1;
                continue;
            }

            var name = html[nameStart..j].ToLowerInvariant();
            var keep = true;
            if (!closing && RawText.Contains(name))
            {
                var end = html.IndexOf("</" + name, gt + 1, StringComparison.OrdinalIgnoreCase);
                var stop = end < 0 ? html.Length : end;
                sb.Append(html, i, stop - i);
                i = stop;
                continue;
            }

            if (!Void.Contains(name) && !ImpliedEnd.Contains(name) && !RawText.Contains(name))
            {
                if (closing)
                {
                    if (suppressed.TryGetValue(name, out var count) && count > 0)
                    {
                        suppressed[name] = count - 1;
                        keep = false;
                    }
                    else
                    {
                        depth = Math.Max(0, depth - 1);
                    }
                }
                else if (html[gt - 1] != '/' || SlashIgnored.Contains(name))
                {
                    if (depth >= MaxDepth)
                    {
                        suppressed[name] = suppressed.GetValueOrDefault(name) + 1;
                        keep = false;
                    }
                    else
                    {
                        depth++;
                    }
                }
            }

            sb.Append(html, i, lt - i);
            if (keep)
            {
                sb.Append(html, lt, gt + 1 - lt);
            }
            else
            {
                dropped = true;
            }

            i = gt + 1;
        }

        if (!dropped)
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
