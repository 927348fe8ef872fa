namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Canonical agency names. Abbreviations expand to the current full name; the 卫计 names
/// (卫生和计划生育局/委员会, merged into 卫生健康 agencies by the 2018 institutional reform) map to the
/// 卫生健康 successor, so one agency keeps one normalized name across years — at the cost of not
/// distinguishing a pre-2019 卫计局 from its successor, which the raw <c>organization</c> still shows.
/// </summary>
internal static class OrganizationNames
{
    /// <summary>Longest first, so 卫生计生委 is not read as 卫生 + 计生委.</summary>
    private static readonly (string Abbreviation, string Full)[] Expansions =
    [
        ("卫生和计划生育委员会", "卫生健康委员会"),
        ("卫生和计划生育局", "卫生健康局"),
        ("卫生计生委", "卫生健康委员会"),
        ("卫生计生局", "卫生健康局"),
        ("卫计委", "卫生健康委员会"),
        ("卫计局", "卫生健康局"),
        ("卫健委", "卫生健康委员会"),
        ("卫健局", "卫生健康局"),
    ];

    /// <summary>The normalized name; <paramref name="regionPrefix"/> is prepended when the printed name names no region.</summary>
    public static string? Normalize(string printed, string? regionPrefix)
    {
        var name = new string(printed.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (name.Length == 0)
        {
            return null;
        }

        foreach (var (abbreviation, full) in Expansions)
        {
            var at = name.IndexOf(abbreviation, StringComparison.Ordinal);
            if (at >= 0)
            {
                name = string.Concat(name.AsSpan(0, at), full, name.AsSpan(at + abbreviation.Length));
                break;
            }
        }

        if (regionPrefix is not null && RegionResolver.PrefixUnits(name).Count == 0 && !RegionResolver.HasGenericZone(name))
        {
            name = regionPrefix + name;
        }

        return name;
    }
}
