using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>
/// Best-effort administrative region from the text itself, never from outside knowledge: the units
/// printed at the start of the agency name (<c>兰陵县</c>卫健局), a province named in the text (the fixed
/// list of provincial-level divisions), and place names printed next to a government word
/// (<c>临沂市人民政府</c>, <c>济源市政务服务平台</c>). A member stays null unless the text supports it.
/// </summary>
internal static class RegionResolver
{
    private static readonly string[] Provinces =
    [
        "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
        "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
        "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
        "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
    ];

    /// <summary>Words ending in a unit suffix that are not place names.</summary>
    private static readonly HashSet<string> Generic =
    [
        "城市", "全市", "本市", "我市", "各市", "省市", "县市", "城区", "市区", "社区", "园区", "景区", "度假区", "旅游度假区",
        "开发区", "高新区", "新区", "片区", "辖区", "地区", "山区", "本区", "全区", "我区", "全县", "本县", "我县", "各县",
        "全省", "本省", "示范区", "试验区", "保税区", "自贸区", "管理区", "功能区", "经济区", "风景区",
    ];

    private static readonly string[] Anchors = ["人民政府", "政府", "政务", "委员会", "人大", "政协", "卫生健康", "卫健"];

    private const string UnitSuffixes = "省市县区州旗盟";
    private const string FunctionChars = "用过在于的和及与对向从由将把为是了各全本我该等至到经并且或被以";

    /// <summary>The region and, when the agency name names no region, the place to prefix it with.</summary>
    public static (Region? Region, string? Prefix) Resolve(string organization, string text)
    {
        string? province = null, city = null, county = null, prefix = null;
        var units = PrefixUnits(organization);
        foreach (var unit in units)
        {
            Assign(unit, ref province, ref city, ref county);
        }

        var named = Provinces.Where(p => text.Contains(p, StringComparison.Ordinal)).ToList();
        if (province is null && named.Count == 1)
        {
            province = named[0];
        }

        var mentions = AnchoredMentions(text)
            .Where(m => !Provinces.Contains(m.Name) && !Generic.Contains(m.Name))
            .ToList();

        if (units.Count == 0 && !HasGenericZone(organization) && mentions.Count > 0)
        {
            var best = mentions.OrderByDescending(m => m.Score).First();
            prefix = best.Name;
            Assign(best.Name, ref province, ref city, ref county);
        }

        if (county is not null && city is null)
        {
            var cities = mentions
                .Select(m => m.Name)
                .Where(n => n != county && n[^1] is '市' or '州' or '盟')
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (cities.Count == 1)
            {
                city = cities[0];
            }
        }

        var region = new Region(province, city, county);
        return (region.IsEmpty ? null : region, prefix);
    }

    /// <summary>The place units printed at the start of an agency name: 北京市朝阳区卫生健康委员会 → [北京市, 朝阳区].</summary>
    public static List<string> PrefixUnits(string organization)
    {
        var units = new List<string>();
        var start = 0;
        for (var i = 0; i < organization.Length; i++)
        {
            if (!UnitSuffixes.Contains(organization[i], StringComparison.Ordinal))
            {
                continue;
            }

            var unit = organization[start..(i + 1)];
            if (unit.Length < 2 || unit.Length > 8 || Generic.Contains(unit) || !unit.All(TextCollapse.IsCjk))
            {
                break;
            }

            units.Add(unit);
            start = i + 1;
        }

        return units;
    }

    /// <summary>True when the agency name starts with a generic zone word (度假区, 开发区): no region, but nothing to prefix either.</summary>
    public static bool HasGenericZone(string organization) =>
        Generic.Any(g => g[^1] == '区' && organization.StartsWith(g, StringComparison.Ordinal));

    private static void Assign(string unit, ref string? province, ref string? city, ref string? county)
    {
        if (Provinces.Contains(unit) || unit.EndsWith('省'))
        {
            province ??= unit;
        }
        else if (unit[^1] is '市' or '州' or '盟')
        {
            if (city is null)
            {
                city = unit;
            }
            else
            {
                county ??= unit;
            }
        }
        else
        {
            county ??= unit;
        }
    }

    /// <summary>
    /// Place names printed before a government word. The name's start is ambiguous in unsegmented text
    /// (通过济源市政务…), so each length 2–4 is scored: how often the bare name recurs, whether it follows a
    /// boundary (《, start of line), and a penalty for starting with a function character (用, 过, 在…).
    /// </summary>
    private static List<(string Name, int Score)> AnchoredMentions(string text)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 2; i < text.Length; i++)
        {
            if (!UnitSuffixes.Contains(text[i], StringComparison.Ordinal) || !Anchors.Any(a => string.CompareOrdinal(text, i + 1, a, 0, a.Length) == 0))
            {
                continue;
            }

            string? bestName = null;
            var bestScore = int.MinValue;
            for (var length = 2; length <= 4 && i - length >= 0; length++)
            {
                var name = text.Substring(i - length, length);
                if (!name.All(TextCollapse.IsCjk))
                {
                    break;
                }

                var boundary = i - length == 0 || !TextCollapse.IsCjk(text[i - length - 1]);
                var score = Occurrences(text, name) + (boundary ? 2 : 0) - (FunctionChars.Contains(name[0], StringComparison.Ordinal) ? 3 : 0);
                if (score > bestScore)
                {
                    bestScore = score;
                    bestName = name;
                }
            }

            if (bestName is not null && bestScore >= 3)
            {
                var full = bestName + text[i];
                scores[full] = scores.GetValueOrDefault(full) + bestScore;
            }
        }

        return scores.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
