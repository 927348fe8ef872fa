using System.Globalization;
using System.Text;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Versioning;

/// <summary>
/// The stable identity of a report, one per agency-year: <c>{year}-{agency}</c>, where agency is the normalized
/// organization name (卫健局 and 卫生健康局 normalize alike) prefixed with the most specific region the document names
/// when the name does not already start with it. Only what the document says counts: a crawler's hints (agency id,
/// region, organization, year) never change the key, so the same file with or without them is one report. A hint still
/// reaches the key where the document is silent, through the report it helped normalize (a year or an organization the
/// document does not print); hints are recorded on the version (<c>ReportVersionRecord.Hints</c>).
/// </summary>
public static class ReportIdentity
{
    public static string KeyFor(ReportMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        var year = meta.Year.ToString(CultureInfo.InvariantCulture);
        var agency = Clean(meta.OrganizationNormalized ?? meta.Organization);
        var region = meta.Region?.County ?? meta.Region?.City ?? meta.Region?.Province;
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
