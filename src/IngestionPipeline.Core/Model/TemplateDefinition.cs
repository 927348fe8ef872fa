namespace IngestionPipeline.Core.Model;

/// <summary>
/// The cell layout of one template version: the rows and columns of tables 二, 三 and 四 and the dotted
/// contract paths they produce, in contract order (the order of <c>shared/contract/cell-paths-*.txt</c>).
/// </summary>
public sealed class TemplateDefinition
{
    /// <summary>Table 三 value columns in template order (entity paths relative to <c>applications</c>).</summary>
    public static IReadOnlyList<string> ApplicantColumns { get; } =
    [
        "naturalPerson",
        "legalPerson.commercial",
        "legalPerson.research",
        "legalPerson.social",
        "legalPerson.legal",
        "legalPerson.other",
        "total",
    ];

    /// <summary>Table 四 groups in printed order.</summary>
    public static IReadOnlyList<string> ReviewGroups { get; } = ["review", "litigationDirect", "litigationPostReview"];

    /// <summary>Table 四 columns of each group in printed order.</summary>
    public static IReadOnlyList<string> ReviewColumns { get; } = ["maintain", "correct", "other", "unfinished", "total"];

    private static readonly string[] CommonLeadingRows =
    [
        "newReceived",
        "carriedOver",
        "results.granted",
        "results.partialGrant",
        "results.denied.stateSecret",
        "results.denied.lawForbidden",
        "results.denied.safetyStability",
        "results.denied.thirdPartyRights",
        "results.denied.internalAffairs",
        "results.denied.processInfo",
        "results.denied.enforcementCase",
        "results.denied.adminQuery",
        "results.unableToProvide.noInfo",
        "results.unableToProvide.needCreation",
        "results.unableToProvide.unclear",
        "results.notProcessed.complaint",
        "results.notProcessed.repeat",
        "results.notProcessed.publication",
        "results.notProcessed.massiveRequests",
        "results.notProcessed.confirmInfo",
    ];

    private static readonly string[] CommonTrailingRows = ["results.totalProcessed", "results.carriedForward"];

    public static TemplateDefinition Gb2019 { get; } = new(
        TemplateVersion.Gb2019,
        activeDisclosure:
        [
            ("regulations", ["newlyMade", "newlyPublished", "totalPublished"]),
            ("normativeDocuments", ["newlyMade", "newlyPublished", "totalPublished"]),
            ("licensing", ["prevYearItems", "itemChange", "processed"]),
            ("otherManagementServices", ["prevYearItems", "itemChange", "processed"]),
            ("punishment", ["prevYearItems", "itemChange", "processed"]),
            ("coercion", ["prevYearItems", "itemChange", "processed"]),
            ("fees", ["prevYearItems", "itemChange"]),
            ("centralizedProcurement", ["projectCount", "totalAmount"]),
        ],
        otherRows: ["results.other.total"]);

    public static TemplateDefinition Gb2021 { get; } = new(
        TemplateVersion.Gb2021,
        activeDisclosure:
        [
            ("regulations", ["made", "repealed", "valid"]),
            ("normativeDocuments", ["made", "repealed", "valid"]),
            ("licensing", ["processed"]),
            ("punishment", ["processed"]),
            ("coercion", ["processed"]),
            ("fees", ["amount"]),
        ],
        otherRows: ["results.other.overdueCorrection", "results.other.overdueFee", "results.other.otherReasons"]);

    private TemplateDefinition(
        TemplateVersion version,
        (string Row, string[] Columns)[] activeDisclosure,
        string[] otherRows)
    {
        Version = version;
        ActiveDisclosure = activeDisclosure
            .Select(r => new ActiveDisclosureRow(r.Row, r.Columns))
            .ToArray();
        ApplicationRows = [.. CommonLeadingRows, .. otherRows, .. CommonTrailingRows];

        var paths = new List<string>();
        paths.AddRange(ActiveDisclosure.SelectMany(r => r.Columns.Select(c => ActiveDisclosurePath(r.Key, c))));
        paths.AddRange(ApplicantColumns.SelectMany(c => ApplicationRows.Select(r => ApplicationPath(c, r))));
        paths.AddRange(ReviewGroups.SelectMany(g => ReviewColumns.Select(c => ReviewPath(g, c))));
        CellPaths = paths;
        PathSet = paths.ToHashSet(StringComparer.Ordinal);
    }

    public TemplateVersion Version { get; }

    /// <summary>Table 二 rows with their value columns.</summary>
    public IReadOnlyList<ActiveDisclosureRow> ActiveDisclosure { get; }

    /// <summary>Table 三 data rows in printed order (paths relative to an applicant entity).</summary>
    public IReadOnlyList<string> ApplicationRows { get; }

    /// <summary>Every cell path of this version in contract order.</summary>
    public IReadOnlyList<string> CellPaths { get; }

    public IReadOnlySet<string> PathSet { get; }

    public static TemplateDefinition For(TemplateVersion version) => version switch
    {
        TemplateVersion.Gb2019 => Gb2019,
        TemplateVersion.Gb2021 => Gb2021,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    public static string ActiveDisclosurePath(string row, string column) => $"activeDisclosure.{row}.{column}";

    public static string ApplicationPath(string applicantColumn, string row) => $"applications.{applicantColumn}.{row}";

    /// <summary>
    /// The paths of one table 三 row, one per <see cref="ApplicantColumns"/> entry: built once per row key (the
    /// normalizer and the row rules asked for them per report, a string each).
    /// </summary>
    internal static IReadOnlyList<string> ApplicationPathsOfRow(string row) =>
        ApplicationRowPaths.GetOrAdd(row, static r => [.. ApplicantColumns.Select(c => ApplicationPath(c, r))]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> ApplicationRowPaths = new(StringComparer.Ordinal);

    public static string ReviewPath(string group, string column) => $"reviewLitigation.{group}.{column}";

    /// <summary>A cell map holding every path of this version as <see cref="Cell.Missing"/>, ready to be filled.</summary>
    public Dictionary<string, Cell> CreateEmptyCells()
    {
        var cells = new Dictionary<string, Cell>(CellPaths.Count, StringComparer.Ordinal);
        foreach (var path in CellPaths)
        {
            cells[path] = Cell.Missing;
        }

        return cells;
    }
}

/// <summary>A table 二 row key (<c>regulations</c>) and its value column keys.</summary>
public sealed record ActiveDisclosureRow(string Key, IReadOnlyList<string> Columns);
