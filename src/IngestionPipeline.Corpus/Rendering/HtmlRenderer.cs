using System.Net;
using System.Text;

namespace IngestionPipeline.Corpus.Rendering;

/// <summary>How an HTML report page is written.</summary>
public sealed record HtmlStyle
{
    /// <summary>utf-8 or gbk (code page 936).</summary>
    public bool Gbk { get; init; }

    /// <summary>none, <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="Content-Type"&gt;</c>.</summary>
    public HtmlCharsetDeclaration Declaration { get; init; } = HtmlCharsetDeclaration.MetaCharset;

    /// <summary>Government site chrome (navigation, breadcrumb, footer) around the article.</summary>
    public bool SiteChrome { get; init; } = true;

    /// <summary>Word-exported cells: <c>&lt;td&gt;&lt;p&gt;&lt;span&gt;…</c> instead of bare text.</summary>
    public bool WordCells { get; init; }

    public string Tag => $"{(Gbk ? "gbk" : "utf8")}{Declaration switch { HtmlCharsetDeclaration.None => "-nometa", HtmlCharsetDeclaration.HttpEquiv => "-httpequiv", _ => string.Empty }}{(WordCells ? "-word" : string.Empty)}";
}

public enum HtmlCharsetDeclaration
{
    None,
    MetaCharset,
    HttpEquiv,
}

/// <summary>Renders a spec as a government web page with real <c>&lt;table&gt;</c>s (colspan/rowspan as in the official template).</summary>
public static class HtmlRenderer
{
    static HtmlRenderer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    public static byte[] Render(ReportSpec spec, HtmlStyle style)
    {
        var html = RenderText(spec, style);
        return style.Gbk ? Gbk.GetBytes(html) : new UTF8Encoding(false).GetBytes(html);
    }

    public static string RenderText(ReportSpec spec, HtmlStyle style)
    {
        var charset = style.Gbk ? "gbk" : "utf-8";
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
        switch (style.Declaration)
        {
            case HtmlCharsetDeclaration.MetaCharset:
                sb.Append("<meta charset=\"").Append(charset).Append("\">\n");
                break;
            case HtmlCharsetDeclaration.HttpEquiv:
                sb.Append("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=").Append(style.Gbk ? "gb2312" : "utf-8").Append("\">\n");
                break;
            case HtmlCharsetDeclaration.None:
                break;
        }

        sb.Append("<title>").Append(E(spec.PrintedTitle)).Append('_').Append(E(spec.Agency.Province)).Append("人民政府门户网站</title>\n");
        sb.Append("<meta name=\"ArticleTitle\" content=\"").Append(E(spec.PrintedTitle)).Append("\">\n");
        sb.Append("<style>table{border-collapse:collapse}td{border:1px solid #000;text-align:center}</style>\n</head>\n<body>\n");
        if (style.SiteChrome)
        {
            sb.Append("<div class=\"header\"><ul class=\"nav\"><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li><li><a href=\"/bsfw/\">办事服务</a></li><li><a href=\"/hdjl/\">互动交流</a></li></ul></div>\n");
            sb.Append("<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 政府信息公开年报</div>\n");
            sb.Append("<div class=\"info\">发布时间：").Append(spec.Year + 1).Append("-01-").Append((spec.Seed % 27 + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append(" 来源：").Append(E(spec.Agency.PrintedName)).Append(" 【字体：大 中 小】 打印</div>\n");
        }

        sb.Append("<div class=\"article TRS_Editor\">\n");
        foreach (var block in ReportOutline.Of(spec))
        {
            switch (block)
            {
                case TitleBlock t:
                    sb.Append("<h1 class=\"title\">").Append(E(t.Text)).Append("</h1>\n");
                    break;
                case HeadingBlock h:
                    sb.Append(style.WordCells ? "<p class=\"MsoNormal\"><b><span>" : "<p><strong>").Append(E(h.Text)).Append(style.WordCells ? "</span></b></p>\n" : "</strong></p>\n");
                    break;
                case ParagraphBlock p:
                    sb.Append("<p style=\"text-indent:2em\">").Append(E(p.Text)).Append("</p>\n");
                    break;
                case NoteBlock n:
                    sb.Append("<p style=\"text-align:center\">").Append(E(n.Text)).Append("</p>\n");
                    break;
                case TableOutlineBlock table:
                    AppendTable(sb, table.Table, style);
                    break;
                default:
                    throw new InvalidOperationException(block.GetType().Name);
            }
        }

        sb.Append("</div>\n");
        if (style.SiteChrome)
        {
            sb.Append("<div class=\"share\">分享到：微信 微博</div>\n");
            sb.Append("<div class=\"footer\"><p>主办单位：").Append(E(spec.Agency.NormalizedName)).Append("　网站标识码：").Append(3700000000 + spec.Seed % 99999).Append("</p><p>ICP备案号：鲁ICP备05000000号-1　政府网站找错</p></div>\n");
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, GridTable table, HtmlStyle style)
    {
        sb.Append("<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"100%\">\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td");
                if (cell.ColSpan > 1)
                {
                    sb.Append(" colspan=\"").Append(cell.ColSpan).Append('"');
                }

                if (cell.RowSpan > 1)
                {
                    sb.Append(" rowspan=\"").Append(cell.RowSpan).Append('"');
                }

                sb.Append('>');
                var text = cell.Text.Length == 0 ? (style.WordCells ? "&nbsp;" : string.Empty) : E(cell.Text);
                sb.Append(style.WordCells ? "<p class=\"MsoNormal\" align=\"center\"><span style=\"font-family:宋体\">" + text + "</span></p>" : text);
                sb.Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
