using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Corpus;

/// <summary>Template sentences of real reports, varied by the seed, consistent with the tables (totals quoted in 一(二)).</summary>
internal static class Narrative
{
    internal sealed record Text(IReadOnlyList<string> Preamble, IReadOnlyList<string> Overall, IReadOnlyList<string> Problems, IReadOnlyList<string> OtherMatters);

    private static readonly string[] Openers =
    [
        "{year}年，{org}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》），按照上级政务公开工作部署，扎实推进政府信息公开工作，不断提升政务公开质量和实效。",
        "{year}年，在上级政务公开主管部门的指导下，{org}深入贯彻《条例》要求，围绕中心工作，进一步完善工作机制，拓宽公开渠道，政府信息公开工作取得新进展。",
        "{year}年，{org}高度重视政府信息公开工作，把政务公开作为建设法治政府、服务型政府的重要抓手，持续加大主动公开力度，依法规范办理依申请公开，较好地保障了公众的知情权、参与权和监督权。",
    ];

    private static readonly string[] Active =
    [
        "（一）主动公开。全年通过政府门户网站主动公开各类政府信息{n}条，其中机构职能、政策文件、财政预决算、重点领域信息等均按要求及时公开；通过政务新媒体发布信息{m}条，并对重要政策文件同步开展解读。",
        "（一）主动公开。我局严格落实“五公开”要求，围绕重大决策部署、重点民生领域持续加大公开力度，全年在政府信息公开专栏发布信息{n}条，更新公开目录{m}次。",
        "（一）主动公开情况。坚持“以公开为常态、不公开为例外”，全年共主动公开政府信息{n}条，发布政策解读{m}篇，及时回应社会关切。",
    ];

    private static readonly string[] Requests =
    [
        "（二）依申请公开。全年共新收政府信息公开申请{new}件，上年结转{carried}件；办结{processed}件，结转下年度继续办理{forward}件。所有申请均在法定期限内答复。",
        "（二）依申请公开。严格按照《条例》规定的程序和时限办理依申请公开事项，本年度共收到政府信息公开申请{new}件，均已按时办结答复。",
        "（二）依申请公开办理情况。进一步规范受理、审查、答复等环节，全年受理政府信息公开申请{new}件，未发生因答复不及时引发的行政复议和诉讼。",
    ];

    private static readonly string[] Management =
    [
        "（三）政府信息管理。健全政府信息公开审查机制，落实“三审三校”制度，严格执行保密审查，确保公开内容准确规范；定期对已公开的规范性文件进行清理，及时标注失效、废止情况。",
        "（三）政府信息管理。建立健全信息发布协调、保密审查和动态更新机制，对拟公开信息实行分级审核，全年未发生泄密和不当公开事件。",
    ];

    private static readonly string[] Platforms =
    [
        "（四）政府信息公开平台建设。持续优化政府网站信息公开专栏，规范栏目设置，强化政务新媒体管理，做好政务服务热线与网站的联动，提升公开平台的集约化水平。",
        "（四）平台建设。依托政府门户网站、政务微信公众号等平台发布信息，完善政府信息公开指南和目录，畅通依申请公开受理渠道。",
    ];

    private static readonly string[] Oversight =
    [
        "（五）监督保障。将政务公开工作纳入年度目标考核，明确分管领导和专职人员，组织开展业务培训{k}次，主动接受社会监督，全年未发生因政务公开工作引发的责任追究情况。",
        "（五）监督保障。成立政务公开工作领导小组，定期研究部署政务公开工作，开展自查自纠，及时整改发现的问题，推动各项工作落实落细。",
    ];

    private static readonly string[] ProblemSentences =
    [
        "（一）存在的主要问题。一是政策解读形式较为单一，图解、视频等多样化解读偏少；二是部分栏目信息更新不够及时；三是工作人员业务能力有待进一步提升。",
        "一是主动公开的深度和广度还需拓展；二是依申请公开答复的规范性有待加强；三是政务公开人员多为兼职，专业化水平不高。",
        "本年度政府信息公开工作虽取得一定成效，但仍存在公开内容不够全面、解读回应不够及时、基层政务公开标准化规范化建设推进不够平衡等问题。",
    ];

    private static readonly string[] ImprovementSentences =
    [
        "（二）改进措施。下一步，我们将进一步加强组织领导，完善工作机制，丰富政策解读形式，加强业务培训，不断提高政府信息公开工作水平。",
        "针对上述问题，我们将加强信息发布审核和动态更新，拓展公开渠道，强化业务培训和考核督查，切实提升政务公开的质量和实效。",
        "下一步，将严格对照上级要点要求，聚焦群众关切，加大重点领域信息公开力度，做好政策解读和回应关切，推动政务公开工作再上新台阶。",
    ];

    public static Text Write(Random rng, ReportSpec spec)
    {
        var org = spec.Agency.PrintedName;
        var year = spec.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var preamble = spec.Version == TemplateVersion.Gb2019
            ? $"本报告是根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式（试行）〉的通知》（国办公开办函〔2019〕60号）要求，由{org}编制。"
            : $"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。";
        var period = $"本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。如对本报告有疑问，请与{org}办公室联系。";

        string Fill(string template) => template
            .Replace("{year}", year, StringComparison.Ordinal)
            .Replace("{org}", org, StringComparison.Ordinal)
            .Replace("{n}", rng.Next(30, 900).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{m}", rng.Next(5, 300).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{k}", rng.Next(1, 8).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{new}", Total(spec, "newReceived"), StringComparison.Ordinal)
            .Replace("{carried}", Total(spec, "carriedOver"), StringComparison.Ordinal)
            .Replace("{processed}", Total(spec, "results.totalProcessed"), StringComparison.Ordinal)
            .Replace("{forward}", Total(spec, "results.carriedForward"), StringComparison.Ordinal);

        string Pick(string[] options) => Fill(options[rng.Next(options.Length)]);

        var overall = new List<string> { Pick(Openers), Pick(Active), Pick(Requests), Pick(Management), Pick(Platforms), Pick(Oversight) };
        if (rng.Next(3) == 0)
        {
            overall.RemoveAt(rng.Next(3, overall.Count)); // not every report has all five sub-items
        }

        var problems = new List<string> { Pick(ProblemSentences), Pick(ImprovementSentences) };
        var other = spec.Version == TemplateVersion.Gb2021
            ? rng.Next(4) switch
            {
                0 => new List<string> { "无。" },
                1 => ["本年度未收取政府信息公开信息处理费。"],
                2 => [$"（一）收取信息处理费情况。{year}年度，本机关未收取信息处理费。", "（二）落实上级年度政务公开工作要点情况。按照要点要求逐项抓好落实，各项任务均已完成。", "（三）人大代表建议和政协委员提案办理结果公开情况。全年承办的建议提案已全部办结，办理结果按要求公开。"],
                _ => ["根据《政府信息公开信息处理费管理办法》，本年度未发生收费情况。无其他需要报告的事项。"],
            }
            : rng.Next(2) == 0 ? new List<string> { "无。" } : ["本年度无其他需要报告的事项。"];
        return new Text([preamble, period], overall, problems, other);
    }

    private static string Total(ReportSpec spec, string row) =>
        (spec.Cells[TemplateDefinition.ApplicationPath("total", row)].Underlying).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
