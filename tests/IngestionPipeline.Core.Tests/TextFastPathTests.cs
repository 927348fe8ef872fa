using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Html;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// The CPU fast paths of round 2 against the code they short-cut (ICU NFKC, the label split regex, the
/// allocating HTML helpers): each must give exactly the former answer.
/// </summary>
public class TextFastPathTests
{
    private static readonly string[] Samples =
    [
        string.Empty, "12", "（一）予以公开", "单位：万元", "\u3000本年新收\u3000", "Ａ\u0301", "ｶﾞ", "①", "ﬁ", "㈠予以公开", "…", "第二十条第（一）项",
        "6.属于国家秘密 7.属于其他", "三、本年度办理结果（一）予以公开", "（七）总计", "12 345", "１２３", "―", "－", "／", "【字体：大 中 小】", "Ｋ", "\u212A",
        "e\u0301", "\uFF5E\u0300", "\u3000\u0301", "한국어", "ｱｲｳ", "㍿", "\uD840\uDC00", "(三)", "（十二）", "3、", "3.5", "十、",
    ];

    [Fact]
    public void Nfkc_equals_icu_for_every_bmp_character()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            // Invalid code points (U+FFFE…) throw in ICU: the fast path must leave them to ICU and throw alike.
            var s = ((char)c).ToString();
            Assert.True(Outcome(() => s.Normalize(NormalizationForm.FormKC)) == Outcome(() => Nfkc.Normalize(s)), $"U+{c:X4}");
            Assert.True(Outcome(() => s.IsNormalized(NormalizationForm.FormKC).ToString()) == Outcome(() => Nfkc.IsNormalized(s).ToString()), $"U+{c:X4} IsNormalized");
            var pair = "（" + s;
            Assert.True(Outcome(() => pair.Normalize(NormalizationForm.FormKC)) == Outcome(() => Nfkc.Normalize(pair)), $"（ U+{c:X4}");
        }
    }

    [Fact]
    public void Nfkc_equals_icu_for_samples_and_every_corpus_text()
    {
        foreach (var s in Samples.Concat(CorpusTexts()))
        {
            Assert.True(s.Normalize(NormalizationForm.FormKC) == Nfkc.Normalize(s), s);
            Assert.Equal(s.IsNormalized(NormalizationForm.FormKC), Nfkc.IsNormalized(s));
        }
    }

    [Fact]
    public void Fragments_equal_the_regex_split_for_samples_and_every_corpus_cell()
    {
        foreach (var s in Samples.Concat(CorpusTexts()))
        {
            Assert.Equal(LegacyFragments(s, 3), LabelText.Fragments(s, 3));
        }
    }

    [Fact]
    public void IsValueLike_memo_gives_the_computed_answer_for_every_corpus_cell()
    {
        var texts = Samples.Concat(CorpusTexts()).ToList();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var s in texts)
            {
                // A fresh copy as well: the memo is keyed by content, never by instance.
                Assert.True(ValueParser.ComputeIsValueLike(s) == ValueParser.IsValueLike(s), s);
                Assert.True(ValueParser.ComputeIsValueLike(s) == ValueParser.IsValueLike(new string(s.AsSpan())), s);
            }

            texts.Reverse();
        }
    }

    [Theory]
    [InlineData("<!DOCTYPE HTML><p>x")]
    [InlineData("  \r\n<HTML>")]
    [InlineData("text first <Html> later")]
    [InlineData("<Div>a</div>")]
    [InlineData("<TABLE>")]
    [InlineData("<p>no body</p>")]
    [InlineData("plain <body>")]
    [InlineData("\uFEFF<html>")]
    [InlineData("<!doctype htm")]
    [InlineData("")]
    public void LooksLikeHtml_equals_the_lowered_string_test(string text)
    {
        foreach (var encoding in new[] { Encoding.UTF8, Encoding.Latin1 })
        {
            var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
            Assert.Equal(LegacyLooksLikeHtml(bytes), TextDecoder.LooksLikeHtml(bytes));
            Assert.Equal(LegacyLooksLikeHtml(encoding.GetBytes(text)), TextDecoder.LooksLikeHtml(encoding.GetBytes(text)));
        }
    }

    [Theory]
    [InlineData("DISPLAY : NONE", true)]
    [InlineData("color:red; display:none", true)]
    [InlineData("Visibility: Hidden", true)]
    [InlineData("display:\tnone", false)]
    [InlineData("display:block", false)]
    [InlineData("displa y:no ne", true)]
    [InlineData("mso-display:none;", true)]
    [InlineData("display:non", false)]
    [InlineData("visİbility:hidden", false)]
    [InlineData("display:none\u212A", true)]
    public void IsHidden_reads_the_style_like_the_lowered_compact_string(string style, bool hidden)
    {
        var compact = style.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var expected = compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal);
        Assert.Equal(hidden, expected);

        using var document = new HtmlParser().ParseDocument($"<p style=\"{style}\">x</p>");
        Assert.Equal(expected, HtmlExtractor.IsHidden(document.QuerySelector("p")!));
    }

    [Theory]
    [InlineData("MsoNormal")]
    [InlineData("main-Header-box")]
    [InlineData("top_NAV bar")]
    [InlineData("a\tbreadcrumb\r\nb")]
    [InlineData("navbar-fixed")]
    [InlineData("navigationally")]
    [InlineData("--__  ")]
    [InlineData("CurrentPosition")]
    [InlineData("\u212Aey share")]
    [InlineData("x0123456789012345678901234567890123456789 footer")]
    public void HasChromeWord_splits_like_the_lowered_split(string value)
    {
        var words = value.ToLowerInvariant().Split([' ', '-', '_', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var expected = words.Any(w => w is "nav" or "navbar" or "navigation" or "menu" or "menubar" or "topmenu" or "submenu" or "breadcrumb" or "breadcrumbs"
            or "crumb" or "crumbs" or "header" or "footer" or "sidebar" or "toolbar" or "topbar" or "share" or "bdshare" or "copyright" or "friendlink"
            or "skiplink" or "dqwz" or "position" or "location" or "curpos" or "currentposition");
        Assert.Equal(expected, HtmlExtractor.HasChromeWord(value));
    }

    [Fact]
    public void DepthLimiter_equals_the_copying_limiter_on_corpus_pages_and_deep_markup()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(TestFiles.RepositoryRoot, "corpus", "generated", "html"), "*.html")
            .Select(p => Encoding.UTF8.GetString(File.ReadAllBytes(p)))
            .ToList();
        var deep = string.Concat(Enumerable.Repeat("<div class=x>", 400)) + "<p>text<br/><script>if (a<b) {}</script>"
            + string.Concat(Enumerable.Repeat("</div>", 150)) + "<!-- c --><SPAN>x</Span><textarea><div></textarea>" + string.Concat(Enumerable.Repeat("</DIV>", 260))
            + "<" + new string('a', 40) + ">tail<b";
        pages.Add(deep);
        pages.Add(string.Concat(Enumerable.Repeat("<DIV>", 300)) + "x");
        foreach (var page in pages)
        {
            Assert.Equal(LegacyHtmlDepthLimiter.Limit(page), HtmlDepthLimiter.Limit(page));
        }
    }

    private static string Outcome(Func<string> f)
    {
        try
        {
            return "ok:" + f();
        }
        catch (ArgumentException e)
        {
            return "throws:" + e.GetType().Name;
        }
    }

    private static IEnumerable<string> CorpusTexts()
    {
        foreach (var parsed in CorpusDocuments.Parsed)
        {
            foreach (var block in parsed.Extracted.Blocks)
            {
                switch (block)
                {
                    case TextBlock t:
                        yield return t.Text;
                        break;
                    case TableBlock table:
                        foreach (var cell in table.Cells)
                        {
                            yield return cell.Text;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>The former split: NFKC through ICU, the split regex on every cell, the numbering regexes on every fragment.</summary>
    private static List<LabelFragment> LegacyFragments(string cellText, int column)
    {
        var n = cellText.Normalize(NormalizationForm.FormKC);
        var result = new List<LabelFragment>();
        foreach (var part in Regex.Split(n, @"(?<=\s)(?=\d{1,2}[.、．]\s*\p{IsCJKUnifiedIdeographs})|(?<=[^\s第(（])(?=[(（][一二三四五六七八九十]{1,2}[)）])"))
        {
            var norm = LabelText.Normalize(part);
            if (norm.Length == 0)
            {
                continue;
            }

            var m = Regex.Match(norm, @"^([一二三四五六七八九十]{1,2})[、.,]");
            if (m.Success)
            {
                result.Add(new LabelFragment(NumberingKind.Top, LabelText.ChineseDigit(m.Groups[1].Value), norm[m.Length..], column));
                continue;
            }

            m = Regex.Match(norm, @"^\(([一二三四五六七八九十]{1,2}|\d{1,2})\)");
            if (m.Success)
            {
                var g = m.Groups[1].Value;
                var number = char.IsAsciiDigit(g[0]) ? int.Parse(g, System.Globalization.CultureInfo.InvariantCulture) : LabelText.ChineseDigit(g);
                result.Add(new LabelFragment(NumberingKind.Paren, number, norm[m.Length..], column));
                continue;
            }

            m = Regex.Match(norm, @"^(\d{1,2})[.、](?!\d)");
            result.Add(m.Success
                ? new LabelFragment(NumberingKind.Sub, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), norm[m.Length..], column)
                : new LabelFragment(NumberingKind.None, 0, norm, column));
        }

        return result;
    }

    private static bool LegacyLooksLikeHtml(ReadOnlySpan<byte> content)
    {
        var sample = content[..Math.Min(content.Length, 4096)];
        var text = Encoding.Latin1.GetString(sample).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        return text.StartsWith("<!doctype html", StringComparison.Ordinal)
            || text.StartsWith("<html", StringComparison.Ordinal)
            || text.Contains("<html", StringComparison.Ordinal)
            || (text.StartsWith('<') && (text.Contains("<body", StringComparison.Ordinal) || text.Contains("<table", StringComparison.Ordinal) || text.Contains("<div", StringComparison.Ordinal)));
    }
}
