using System.ComponentModel;

namespace IngestionPipeline.Contracts.Reports;

// The cell tables are plain settable records: the report mapper fills them member by member through their
// source-generated metadata (JsonPropertyInfo.Set), which init-only members do not support.

/// <summary>
/// Table 二 (主动公开政府信息情况): one row object per kind of disclosure. The members are the union of both
/// template versions; a report carries those of its own version.
/// </summary>
[Description("Table 二 (主动公开政府信息情况), rows × columns of cells; the rows and columns of the report's template version.")]
public sealed record ActiveDisclosure
{
    /// <summary>规章.</summary>
    public DocumentRow? Regulations { get; set; }

    /// <summary>规范性文件.</summary>
    public DocumentRow? NormativeDocuments { get; set; }

    /// <summary>行政许可.</summary>
    public ActionRow? Licensing { get; set; }

    /// <summary>其他对外管理服务事项 (gb2019 only).</summary>
    public ActionRow? OtherManagementServices { get; set; }

    /// <summary>行政处罚.</summary>
    public ActionRow? Punishment { get; set; }

    /// <summary>行政强制.</summary>
    public ActionRow? Coercion { get; set; }

    /// <summary>行政事业性收费.</summary>
    public FeeRow? Fees { get; set; }

    /// <summary>政府集中采购 (gb2019 only).</summary>
    public ProcurementRow? CentralizedProcurement { get; set; }
}

/// <summary>A row of documents (规章, 规范性文件): gb2019 本年新制作/本年新公开/对外公开总数量, gb2021 本年制发/本年废止/现行有效.</summary>
[Description("A row of documents: gb2019 newlyMade/newlyPublished/totalPublished, gb2021 made/repealed/valid.")]
public sealed record DocumentRow
{
    /// <summary>本年新制作 (gb2019).</summary>
    public Cell? NewlyMade { get; set; }

    /// <summary>本年新公开 (gb2019).</summary>
    public Cell? NewlyPublished { get; set; }

    /// <summary>对外公开总数量 (gb2019).</summary>
    public Cell? TotalPublished { get; set; }

    /// <summary>本年制发件数 (gb2021).</summary>
    public Cell? Made { get; set; }

    /// <summary>本年废止件数 (gb2021).</summary>
    public Cell? Repealed { get; set; }

    /// <summary>现行有效件数 (gb2021).</summary>
    public Cell? Valid { get; set; }
}

/// <summary>A row of administrative actions (许可, 处罚, 强制, …): gb2019 上一年项目数/本年增减/处理决定数, gb2021 处理决定数.</summary>
[Description("A row of administrative actions: gb2019 prevYearItems/itemChange/processed, gb2021 processed.")]
public sealed record ActionRow
{
    /// <summary>上一年项目数量 (gb2019).</summary>
    public Cell? PrevYearItems { get; set; }

    /// <summary>本年增/减 (gb2019), the signed net change.</summary>
    public Cell? ItemChange { get; set; }

    /// <summary>处理决定数量.</summary>
    public Cell? Processed { get; set; }
}

/// <summary>The fees row (行政事业性收费): gb2019 上一年项目数/本年增减, gb2021 收费金额.</summary>
[Description("The fees row: gb2019 prevYearItems/itemChange, gb2021 amount.")]
public sealed record FeeRow
{
    /// <summary>上一年项目数量 (gb2019).</summary>
    public Cell? PrevYearItems { get; set; }

    /// <summary>本年增/减 (gb2019), the signed net change.</summary>
    public Cell? ItemChange { get; set; }

    /// <summary>收费金额 (gb2021), in the cell's unit.</summary>
    public Cell? Amount { get; set; }
}

/// <summary>The centralized procurement row (政府集中采购, gb2019 only).</summary>
[Description("The centralized procurement row (gb2019 only).")]
public sealed record ProcurementRow
{
    /// <summary>采购项目数.</summary>
    public Cell? ProjectCount { get; set; }

    /// <summary>采购总金额, in the cell's unit.</summary>
    public Cell? TotalAmount { get; set; }
}

/// <summary>Table 三 (收到和处理政府信息公开申请情况): one entity per applicant kind and the total.</summary>
[Description("Table 三 (收到和处理政府信息公开申请情况): one entity per applicant kind and the total.")]
public sealed record Applications
{
    /// <summary>自然人.</summary>
    public ApplicantEntity? NaturalPerson { get; set; }

    /// <summary>法人或其他组织.</summary>
    public LegalPersonApplicants? LegalPerson { get; set; }

    /// <summary>总计.</summary>
    public ApplicantEntity? Total { get; set; }
}

/// <summary>The five kinds of 法人或其他组织.</summary>
[Description("The five kinds of legal person or other organization.")]
public sealed record LegalPersonApplicants
{
    /// <summary>商业企业.</summary>
    public ApplicantEntity? Commercial { get; set; }

    /// <summary>科研机构.</summary>
    public ApplicantEntity? Research { get; set; }

    /// <summary>社会公益组织.</summary>
    public ApplicantEntity? Social { get; set; }

    /// <summary>法律服务机构.</summary>
    public ApplicantEntity? Legal { get; set; }

    /// <summary>其他.</summary>
    public ApplicantEntity? Other { get; set; }
}

/// <summary>One applicant column of table 三 (the contract's <c>Entity</c>).</summary>
[Description("One applicant column of table 三: applications received and their results.")]
public sealed record ApplicantEntity
{
    /// <summary>本年新收政府信息公开申请数量.</summary>
    public Cell? NewReceived { get; set; }

    /// <summary>上年结转政府信息公开申请数量.</summary>
    public Cell? CarriedOver { get; set; }

    /// <summary>本年度办理结果.</summary>
    public ApplicationResults? Results { get; set; }
}

/// <summary>本年度办理结果: how the applications were answered.</summary>
[Description("How the applications were answered (本年度办理结果).")]
public sealed record ApplicationResults
{
    /// <summary>予以公开.</summary>
    public Cell? Granted { get; set; }

    /// <summary>部分公开.</summary>
    public Cell? PartialGrant { get; set; }

    /// <summary>不予公开, by reason.</summary>
    public DeniedReasons? Denied { get; set; }

    /// <summary>无法提供, by reason.</summary>
    public UnableToProvideReasons? UnableToProvide { get; set; }

    /// <summary>不予处理, by reason.</summary>
    public NotProcessedReasons? NotProcessed { get; set; }

    /// <summary>其他处理: gb2019 one total, gb2021 three sub-rows.</summary>
    public OtherResults? Other { get; set; }

    /// <summary>总计.</summary>
    public Cell? TotalProcessed { get; set; }

    /// <summary>结转下年度继续办理.</summary>
    public Cell? CarriedForward { get; set; }
}

/// <summary>不予公开: the eight reasons.</summary>
[Description("Denied (不予公开): the eight reasons.")]
public sealed record DeniedReasons
{
    /// <summary>属于国家秘密.</summary>
    public Cell? StateSecret { get; set; }

    /// <summary>其他法律行政法规禁止公开.</summary>
    public Cell? LawForbidden { get; set; }

    /// <summary>危及“三安全一稳定”.</summary>
    public Cell? SafetyStability { get; set; }

    /// <summary>保护第三方合法权益.</summary>
    public Cell? ThirdPartyRights { get; set; }

    /// <summary>属于三类内部事务信息.</summary>
    public Cell? InternalAffairs { get; set; }

    /// <summary>属于四类过程性信息.</summary>
    public Cell? ProcessInfo { get; set; }

    /// <summary>属于行政执法案卷.</summary>
    public Cell? EnforcementCase { get; set; }

    /// <summary>属于行政查询事项.</summary>
    public Cell? AdminQuery { get; set; }
}

/// <summary>无法提供: the three reasons.</summary>
[Description("Unable to provide (无法提供): the three reasons.")]
public sealed record UnableToProvideReasons
{
    /// <summary>本机关不掌握相关政府信息.</summary>
    public Cell? NoInfo { get; set; }

    /// <summary>没有现成信息需要另行制作.</summary>
    public Cell? NeedCreation { get; set; }

    /// <summary>补正后申请内容仍不明确.</summary>
    public Cell? Unclear { get; set; }
}

/// <summary>不予处理: the five reasons.</summary>
[Description("Not processed (不予处理): the five reasons.")]
public sealed record NotProcessedReasons
{
    /// <summary>信访举报投诉类申请.</summary>
    public Cell? Complaint { get; set; }

    /// <summary>重复申请.</summary>
    public Cell? Repeat { get; set; }

    /// <summary>要求提供公开出版物.</summary>
    public Cell? Publication { get; set; }

    /// <summary>无正当理由大量反复申请.</summary>
    public Cell? MassiveRequests { get; set; }

    /// <summary>要求行政机关确认或重新出具已获取信息.</summary>
    public Cell? ConfirmInfo { get; set; }
}

/// <summary>其他处理: gb2019 <c>total</c>, gb2021 the three sub-rows.</summary>
[Description("Other results (其他处理): gb2019 total, gb2021 overdueCorrection/overdueFee/otherReasons.")]
public sealed record OtherResults
{
    /// <summary>其他处理 (gb2019).</summary>
    public Cell? Total { get; set; }

    /// <summary>申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 (gb2021).</summary>
    public Cell? OverdueCorrection { get; set; }

    /// <summary>申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 (gb2021).</summary>
    public Cell? OverdueFee { get; set; }

    /// <summary>其他 (gb2021).</summary>
    public Cell? OtherReasons { get; set; }
}

/// <summary>Table 四 (政府信息公开行政复议、行政诉讼情况).</summary>
[Description("Table 四 (政府信息公开行政复议、行政诉讼情况).")]
public sealed record ReviewLitigation
{
    /// <summary>行政复议.</summary>
    public ReviewGroup? Review { get; set; }

    /// <summary>未经复议直接起诉.</summary>
    public ReviewGroup? LitigationDirect { get; set; }

    /// <summary>复议后起诉.</summary>
    public ReviewGroup? LitigationPostReview { get; set; }
}

/// <summary>One group of table 四 (the contract's <c>Group</c>).</summary>
[Description("One group of table 四: results maintained, corrected, other, unfinished, and the total.")]
public sealed record ReviewGroup
{
    /// <summary>结果维持.</summary>
    public Cell? Maintain { get; set; }

    /// <summary>结果纠正.</summary>
    public Cell? Correct { get; set; }

    /// <summary>其他结果.</summary>
    public Cell? Other { get; set; }

    /// <summary>尚未审结.</summary>
    public Cell? Unfinished { get; set; }

    /// <summary>总计.</summary>
    public Cell? Total { get; set; }
}
