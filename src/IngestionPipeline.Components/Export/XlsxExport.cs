using IngestionPipeline.Core.Export;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace IngestionPipeline.Components.Export;

/// <summary>
/// The XLSX export through MiniExcel, which writes each sheet from a lazy sequence of rows. For the cells table the
/// workbook holds one sheet per printed table (二, 三, 四: one block per report, laid out as printed: label columns,
/// the header of the value columns, one row per printed row) and the long sheet; for the reports table, one sheet.
/// A sheet over Excel's 1,048,576 rows continues in the next one (<c>cells (2)</c>), never cutting a report's block.
/// <para>
/// Each sheet streams the store again: a first pass counts the rows (from each version's template, without parsing
/// the documents) to plan the sheets, then every sheet reads the versions it holds. On a store that changes during
/// the export the passes may disagree; a sheet that would then overflow ends the export with an error, never with
/// rows silently dropped.
/// </para>
/// </summary>
internal sealed class XlsxExport(IReportExportSource source, ReportExportFilter filter)
{
    /// <summary>Excel's row limit per sheet.</summary>
    public const int MaxRowsPerSheet = 1_048_576;

    private static readonly Dictionary<string, string> PrintedSheetNames = new(StringComparer.Ordinal)
    {
        ["二"] = "二 主动公开",
        ["三"] = "三 申请处理",
        ["四"] = "四 复议诉讼",
    };

    private const string CellsSheet = "cells";
    private const string ReportsSheet = "reports";

    private readonly ReportExporter exporter = new(source);

    internal int MaxRows { get; init; } = MaxRowsPerSheet;

    public async Task<long> WriteAsync(ExportTable table, Stream output, CancellationToken cancellationToken)
    {
        // Plan: how many rows each version takes in each sheet kind, summed into sheets of at most MaxRows rows.
        var plans = new Dictionary<string, SheetPlan>(StringComparer.Ordinal);
        var kinds = table == ExportTable.Reports ? [ReportsSheet] : new[] { "二", "三", "四", CellsSheet };
        foreach (var kind in kinds)
        {
            plans[kind] = new SheetPlan(MaxRows, headerRows: kind is CellsSheet or ReportsSheet ? 1 : 0);
        }

        var ordinal = 0;
        await foreach (var version in source.StreamVersionsAsync(filter, cancellationToken))
        {
            var template = TemplateVersionNames.Parse(version.TemplateVersion);
            foreach (var kind in kinds)
            {
                plans[kind].Add(ordinal, RowsOf(kind, template));
            }

            ordinal++;
        }

        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        long dataRows = 0;
        foreach (var kind in kinds)
        {
            var plan = plans[kind];
            for (var s = 0; s < plan.Starts.Count; s++)
            {
                var start = plan.Starts[s];
                var end = s + 1 < plan.Starts.Count ? plan.Starts[s + 1] : int.MaxValue;
                var name = (kind is CellsSheet or ReportsSheet ? kind : PrintedSheetNames[kind]) + (s == 0 ? "" : $" ({s + 1})");
                sheets[name] = kind switch
                {
                    CellsSheet => LongSheet(exporter.CellRowsAsync(filter, cancellationToken), ExportColumns.Cells, start, end, r => $"{r.ReportKey}\u0000{r.Version}", cancellationToken),
                    ReportsSheet => LongSheet(exporter.ReportRowsAsync(filter with { }, cancellationToken), ExportColumns.Reports, start, end, null, cancellationToken),
                    _ => PrintedSheet(kind, start, end, cancellationToken),
                };
            }

            dataRows = Math.Max(dataRows, plan.DataRows);
        }

        var configuration = new OpenXmlConfiguration { FastMode = false, EnableAutoWidth = false };
        // MiniExcel pulls the rows synchronously; the store is read through blocking enumerators on a pool thread.
        await Task.Run(() => output.SaveAs(sheets, printHeader: false, excelType: ExcelType.XLSX, configuration: configuration), cancellationToken);
        return table == ExportTable.Reports ? plans[ReportsSheet].DataRows : plans[CellsSheet].DataRows;
    }

    private static int RowsOf(string kind, TemplateVersion template) => kind switch
    {
        CellsSheet => TemplateDefinition.For(template).CellPaths.Count,
        ReportsSheet => 1,
        _ => PrintedBlockSize(PrintedLayout.For(template).Tables.Single(t => t.Key == kind)),
    };

    private static int PrintedBlockSize(PrintedTable table) => PrintedBlock(table, null, _ => Cell.Missing).Count();

    private static int WidthOf(string kind) =>
        Math.Max(TitleWidth, new[] { TemplateVersion.Gb2019, TemplateVersion.Gb2021 }
            .Select(v => PrintedLayout.For(v).Tables.Single(t => t.Key == kind))
            .Max(t => t.LabelColumns + t.Rows.Max(r => r.ColumnLabels.Count)));

    private const int TitleWidth = 6;

    /// <summary>
    /// One report's block of a printed table: a title row (report key, organization, year, template, version), the
    /// header, the data rows (labels, then each value column), and a blank row. A cell shows its number, else its raw
    /// text for NA and text cells (<c>/</c>, <c>无</c>); blank and MISSING cells stay empty.
    /// </summary>
    internal static IEnumerable<object?[]> PrintedBlock(PrintedTable table, ReportVersionRecord? version, Func<string, Cell> cellOf)
    {
        yield return [version?.ReportKey, version?.Organization, version?.Year, version?.TemplateVersion, $"v{version?.Version}", table.Title];
        foreach (var header in table.HeaderRows)
        {
            yield return [.. Enumerable.Repeat<object?>(null, table.LabelColumns), .. header];
        }

        IReadOnlyList<string>? lastColumns = null;
        foreach (var row in table.Rows)
        {
            if (table.HeaderRows.Count == 0 && (lastColumns is null || !lastColumns.SequenceEqual(row.ColumnLabels, StringComparer.Ordinal)))
            {
                // Table 二 prints a header above each sub-table whose columns differ from the one above.
                yield return ["信息内容", .. row.ColumnLabels];
                lastColumns = row.ColumnLabels;
            }

            var labels = row.Labels.Concat(Enumerable.Repeat("", table.LabelColumns - row.Labels.Count)).Select(l => (object?)l);
            yield return [.. labels, .. row.Paths.Select(p => p is null ? null : Display(cellOf(p)))];
        }

        yield return [];
    }

    private static object? Display(Cell cell) =>
        cell.HasValue ? ReportJson.Canonical(cell.Value!.Value)
        : cell.Semantic is CellSemantic.NA or CellSemantic.Text ? cell.Raw
        : null;

    private IEnumerable<IDictionary<string, object?>> PrintedSheet(string kind, int start, int end, CancellationToken cancellationToken)
    {
        var keys = ColumnKeys(WidthOf(kind));
        var ordinal = -1;
        var written = 0;
        foreach (var version in source.StreamVersionsAsync(filter, cancellationToken).ToBlockingEnumerable(cancellationToken))
        {
            ordinal++;
            if (ordinal < start)
            {
                continue;
            }

            if (ordinal >= end)
            {
                yield break;
            }

            var report = ReportJson.Deserialize(version.DocumentJson);
            var table = PrintedLayout.For(report.Meta.TemplateVersion).Tables.Single(t => t.Key == kind);
            foreach (var row in PrintedBlock(table, version, p => report[p]))
            {
                if (++written > MaxRows)
                {
                    throw StoreChanged();
                }

                yield return ToRow(keys, row);
            }
        }
    }

    private IEnumerable<IDictionary<string, object?>> LongSheet<TRow>(
        IAsyncEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns, int start, int end, Func<TRow, string>? versionOf, CancellationToken cancellationToken)
    {
        var keys = ColumnKeys(columns.Count);
        yield return ToRow(keys, [.. columns.Select(c => (object?)c.Name)]);
        var ordinal = -1;
        string? lastKey = null;
        var written = 1;
        foreach (var row in rows.ToBlockingEnumerable(cancellationToken))
        {
            // The cells rows of one version share its report key and version; a reports row is one version.
            var key = versionOf?.Invoke(row);
            if (versionOf is null || !string.Equals(key, lastKey, StringComparison.Ordinal))
            {
                ordinal++;
                lastKey = key;
            }

            if (ordinal < start)
            {
                continue;
            }

            if (ordinal >= end)
            {
                yield break;
            }

            if (++written > MaxRows)
            {
                throw StoreChanged();
            }

            yield return ToRow(keys, [.. columns.Select(c => c.Kind == ExportColumnKind.Time ? ((DateTimeOffset)c.Get(row)!).UtcDateTime : c.Get(row))]);
        }
    }

    private static InvalidOperationException StoreChanged() =>
        new("The store changed during the XLSX export (a sheet outgrew its plan); run the export again.");

    private static string[] ColumnKeys(int width) => [.. Enumerable.Range(0, width).Select(i => $"c{i:D2}")];

    private static Dictionary<string, object?> ToRow(string[] keys, object?[] values)
    {
        var row = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            row[keys[i]] = i < values.Length ? values[i] : null;
        }

        return row;
    }

    /// <summary>Sheets of at most a row limit, each starting at a version ordinal; a version's rows never straddle two sheets.</summary>
    private sealed class SheetPlan(int maxRows, int headerRows)
    {
        private readonly int header = headerRows;
        private int rowsInSheet = headerRows;

        public List<int> Starts { get; } = [0];

        public long DataRows { get; private set; }

        public void Add(int ordinal, int rows)
        {
            if (rowsInSheet + rows > maxRows && rowsInSheet > header)
            {
                Starts.Add(ordinal);
                rowsInSheet = header;
            }

            rowsInSheet += rows;
            DataRows += rows;
        }
    }
}
