using System.Globalization;
using System.Text;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Versioning;

/// <summary>
/// The stable identity of a report: <c>{year}-{agency}</c>, where agency is the crawler's agency id when
/// given, else the normalized organization name (卫健局 and 卫生健康局 normalize alike) prefixed with the
/// most specific known region when the name does not already start with it. Hints win over the text.
/// </summary>
public static class ReportIdentity
{
    public static string KeyFor(ReportMeta meta, string? agencyIdHint = null, string? regionHint = null, int? yearHint = null)
    {
        var year = (yearHint ?? meta.Year).ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(agencyIdHint))
        {
            return $"{year}-{Clean(agencyIdHint)}";
        }

        var agency = Clean(meta.OrganizationNormalized ?? meta.Organization);
        var region = !string.IsNullOrWhiteSpace(regionHint)
            ? Clean(regionHint)
            : meta.Region?.County ?? meta.Region?.City ?? meta.Region?.Province;
        if (!string.IsNullOrEmpty(region) && !agency.StartsWith(region, StringComparison.Ordinal) && !region.EndsWith(agency, StringComparison.Ordinal))
        {
            agency = StripOverlap(region, agency);
        }

        return $"{year}-{agency}";
    }

    /// <summary>Joins region and name without repeating a shared part (兰陵县 + 兰陵县卫生健康局 stays one 兰陵县).</summary>
    private static string StripOverlap(string region, string agency)
    {
        for (var len = Math.Min(region.Length, agency.Length); len > 0; len--)
        {
            if (region.EndsWith(agency[..len], StringComparison.Ordinal))
            {
                return region + agency[len..];
            }
        }

        return region + agency;
    }

    private static string Clean(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (char.IsWhiteSpace(ch) || ch is '/' or '\\' or '?' or '#' or '%')
            {
                continue;
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }
}
