using System.Globalization;
using IngestionPipeline.Components.Export;
using IngestionPipeline.Core.Export;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using MiniExcelLibs;
using Parquet;
using Parquet.Schema;

namespace IngestionPipeline.Components.Tests;

/// <summary>The exports (CSV, XLSX, Parquet) of the cells and reports tables, written from a real SQLite store and read back.</summary>
public sealed class ExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Csv_of_cells_starts_with_a_bom_and_round_trips_chinese_text_and_every_cell()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        var records = new List<ReportVersionRecord>();
        foreach (var report in ExportTestData.SampleReports)
        {
            records.Add(await ExportTestData.AppendAsync(store, report));
        }

        using var output = new MemoryStream();
        var rows = await new ReportExporter(store).ExportAsync(ExportFormat.Csv, ExportTable.Cells, new ReportExportFilter(), output, Ct);

        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var expectedRows = ExportTestData.SampleReports.Sum(r => TemplateDefinition.For(r.Meta.TemplateVersion).CellPaths.Count);
        Assert.Equal(expectedRows, rows);

        var parsed = ReadCsv(bytes);
        Assert.Equal(ExportColumns.Cells.Select(c => c.Name), parsed.Header);
        Assert.Equal(expectedRows, parsed.Rows.Count);
        Assert.Equal(
            records.Select(r => r.Organization).Order(StringComparer.Ordinal),
            parsed.Rows.Select(r => r["organization"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(parsed.Rows, r => r["row"].Contains("本年新收政府信息公开申请数量", StringComparison.Ordinal) && r["column"] == "自然人");

        // Every row is the stored cell: a number only where the cell holds one, never 0 for a blank.
        var report0 = ExportTestData.SampleReports[0];
        var key0 = records[0].ReportKey;
        foreach (var (path, cell) in ReportJson.OrderedCells(report0))
        {
            var row = parsed.Rows.Single(r => r["report_key"] == key0 && r["path"] == path);
            Assert.Equal(cell.HasValue ? ReportJson.Canonical(cell.Value!.Value).ToString(CultureInfo.InvariantCulture) : "", row["value"]);
            Assert.Equal(ReportJson.SemanticToWire(cell.Semantic), row["semantic"]);
            var expectedFindings = report0.Findings.Where(f => f.Paths.Contains(path)).Select(f => f.RuleId).Distinct();
            Assert.Equal(string.Join(';', expectedFindings), row["finding_ids"]);
        }
    }

    [Fact]
    public async Task Csv_of_reports_lists_every_version_with_the_current_one_flagged_and_counts_findings()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        var report = ExportTestData.SampleReports[0];
        var v1 = await ExportTestData.AppendAsync(store, report);
        var v2 = await ExportTestData.AppendAsync(store, report with { Findings = [] }, v1.ReportKey);
        await ExportTestData.AppendAsync(store, ExportTestData.SampleReports[1]);

        using var all = new MemoryStream();
        await new ReportExporter(store).ExportAsync(ExportFormat.Csv, ExportTable.Reports, new ReportExportFilter { AllVersions = true }, all, Ct);
        var rows = ReadCsv(all.ToArray()).Rows;
        Assert.Equal(3, rows.Count);
        var ofKey = rows.Where(r => r["report_key"] == v1.ReportKey).ToList();
        Assert.Equal(["1", "2"], ofKey.Select(r => r["version"]));
        Assert.Equal(["false", "true"], ofKey.Select(r => r["current"].ToLowerInvariant()));
        Assert.Equal(report.Findings.Count.ToString(CultureInfo.InvariantCulture), ofKey[0]["findings"]);
        Assert.Equal(report.Findings.Count(f => f.Severity == FindingSeverity.Error).ToString(CultureInfo.InvariantCulture), ofKey[0]["errors"]);
        Assert.Equal("0", ofKey[1]["findings"]);
        var newReceived = ReportExportProjection.ValueOf(report, ReportExportProjection.KeyPaths.NewReceived);
        Assert.Equal(newReceived?.ToString(CultureInfo.InvariantCulture) ?? "", ofKey[0]["new_received"]);

        // Current versions only, and a filter that matches nothing gives the header alone.
        using var current = new MemoryStream();
        await new ReportExporter(store).ExportAsync(ExportFormat.Csv, ExportTable.Reports, new ReportExportFilter(), current, Ct);
        Assert.Equal(2, ReadCsv(current.ToArray()).Rows.Count);
        Assert.Contains(ReadCsv(current.ToArray()).Rows, r => r["report_key"] == v2.ReportKey && r["version"] == "2");
        using var none = new MemoryStream();
        Assert.Equal(0, await new ReportExporter(store).ExportAsync(ExportFormat.Csv, ExportTable.Reports, new ReportExportFilter { Year = 1999 }, none, Ct));
        Assert.Empty(ReadCsv(none.ToArray()).Rows);
    }

    [Fact]
    public async Task Store_filters_match_the_in_memory_reference()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        var records = new List<ReportVersionRecord>();
        foreach (var report in ExportTestData.SampleReports)
        {
            records.Add(await ExportTestData.AppendAsync(store, report));
        }

        var first = records[0];
        var filters = new[]
        {
            new ReportExportFilter(),
            new ReportExportFilter { Year = first.Year },
            new ReportExportFilter { FromYear = 2020, ToYear = 2021 },
            new ReportExportFilter { TemplateVersion = "GB2019" },
            new ReportExportFilter { Organization = first.Organization[..2] },
            new ReportExportFilter { Region = first.ReportKey[..3] },
            new ReportExportFilter { HasFindings = true },
            new ReportExportFilter { HasFindings = false },
        };
        foreach (var filter in filters)
        {
            var streamed = new List<string>();
            await foreach (var v in store.StreamVersionsAsync(filter, Ct))
            {
                streamed.Add(v.ReportKey);
            }

            Assert.Equal(records.Where(filter.Matches).Select(r => r.ReportKey).Order(StringComparer.Ordinal), streamed);
        }
    }

    [Fact]
    public async Task Xlsx_lays_out_the_printed_tables_and_the_long_sheet()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        var report = ExportTestData.SampleReports.First(r => r.Meta.TemplateVersion == TemplateVersion.Gb2021);
        var record = await ExportTestData.AppendAsync(store, report);

        var path = Path.Combine(temp.Path, "cells.xlsx");
        await using (var file = File.Create(path))
        {
            await new ReportExporter(store).ExportAsync(ExportFormat.Xlsx, ExportTable.Cells, new ReportExportFilter(), file, Ct);
        }

        Assert.Equal(["二 主动公开", "三 申请处理", "四 复议诉讼", "cells"], MiniExcel.GetSheetNames(path));

        // Table 三: three label columns, then 自然人 … 总计 (D … J), one printed row per template row.
        var t3 = Sheet(path, "三 申请处理");
        Assert.Equal(record.ReportKey, t3[0]["A"]);
        Assert.Equal(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"], t3[1].Values.Skip(3).Take(7).Select(v => v?.ToString()));
        var newReceived = t3.Single(r => (r["A"]?.ToString() ?? "") == "一、本年新收政府信息公开申请数量");
        Assert.Equal(Display(report["applications.naturalPerson.newReceived"]), Text(newReceived["D"]));
        Assert.Equal(Display(report["applications.total.newReceived"]), Text(newReceived["J"]));
        var stateSecret = t3.Single(r => (r["C"]?.ToString() ?? "") == "1.属于国家秘密");
        Assert.Equal("三、本年度办理结果", stateSecret["A"]);
        Assert.Equal("（三）不予公开", stateSecret["B"]);
        Assert.Equal(Display(report["applications.total.results.denied.stateSecret"]), Text(stateSecret["J"]));

        // Table 二: each sub-table's header above its rows; table 四: two header rows, one data row of fifteen values.
        var t2 = Sheet(path, "二 主动公开");
        var regulations = t2.FindIndex(r => (r["A"]?.ToString() ?? "") == "规章");
        Assert.Equal(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], t2[regulations - 1].Values.Take(4).Select(v => v?.ToString()));
        Assert.Equal(Display(report["activeDisclosure.regulations.valid"]), Text(t2[regulations]["D"]));
        var t4 = Sheet(path, "四 复议诉讼");
        Assert.Equal("行政复议", t4[1]["B"]);
        Assert.Equal("结果维持", t4[2]["B"]);
        Assert.Equal(Display(report["reviewLitigation.litigationPostReview.total"]), Text(t4[3]["P"]));

        // The long sheet: a header row, then one row per cell.
        var cells = Sheet(path, "cells");
        Assert.Equal(ExportColumns.Cells.Select(c => c.Name), cells[0].Values.Select(v => v?.ToString()));
        Assert.Equal(TemplateDefinition.Gb2021.CellPaths, cells.Skip(1).Select(r => r["K"]?.ToString()));
    }

    [Fact]
    public async Task Xlsx_continues_a_full_sheet_in_the_next_without_losing_or_splitting_a_report()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        foreach (var report in ExportTestData.SampleReports)
        {
            await ExportTestData.AppendAsync(store, report);
        }

        var path = Path.Combine(temp.Path, "cells.xlsx");
        var perReport = TemplateDefinition.Gb2019.CellPaths.Count + TemplateDefinition.Gb2021.CellPaths.Count;
        await using (var file = File.Create(path))
        {
            await new XlsxExport(store, new ReportExportFilter()) { MaxRows = perReport + 1 }.WriteAsync(ExportTable.Cells, file, Ct);
        }

        var cellSheets = MiniExcel.GetSheetNames(path).Where(n => n.StartsWith("cells", StringComparison.Ordinal)).ToList();
        Assert.True(cellSheets.Count >= 3, string.Join(", ", cellSheets));
        var keysPerSheet = cellSheets.Select(s => Sheet(path, s).Skip(1).Select(r => r["A"]!.ToString()!).ToList()).ToList();
        Assert.All(keysPerSheet, rows => Assert.InRange(rows.Count, 1, perReport));
        Assert.Equal(
            ExportTestData.SampleReports.Sum(r => TemplateDefinition.For(r.Meta.TemplateVersion).CellPaths.Count),
            keysPerSheet.Sum(k => k.Count));
        // No report key appears in two sheets.
        Assert.Equal(keysPerSheet.Sum(k => k.Distinct().Count()), keysPerSheet.SelectMany(k => k).Distinct().Count());
    }

    [Fact]
    public async Task Xlsx_of_every_version_keeps_each_version_whole_across_sheets()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        var report = ExportTestData.SampleReports.First(r => r.Meta.TemplateVersion == TemplateVersion.Gb2021);
        var first = await ExportTestData.AppendAsync(store, report);
        await ExportTestData.AppendAsync(store, report with { Findings = [] }, first.ReportKey);
        await ExportTestData.AppendAsync(store, report with { Findings = [.. report.Findings.Take(1)] }, first.ReportKey);

        var path = Path.Combine(temp.Path, "all.xlsx");
        var perVersion = TemplateDefinition.Gb2021.CellPaths.Count;
        await using (var file = File.Create(path))
        {
            await new XlsxExport(store, new ReportExportFilter { AllVersions = true }) { MaxRows = perVersion + 1 }.WriteAsync(ExportTable.Cells, file, Ct);
        }

        var sheets = MiniExcel.GetSheetNames(path).Where(n => n.StartsWith("cells", StringComparison.Ordinal)).ToList();
        Assert.Equal(["cells", "cells (2)", "cells (3)"], sheets);
        // Column G is the version: one version per sheet, in order.
        Assert.Equal(["1", "2", "3"], sheets.Select(s => Assert.Single(Sheet(path, s).Skip(1).Select(r => Text(r["G"])).Distinct())));
    }

    [Fact]
    public async Task Parquet_reads_back_with_typed_columns_and_nulls_where_cells_hold_no_number()
    {
        using var temp = new TempDirectory();
        await using var store = await ExportTestData.OpenStoreAsync(temp.Path);
        foreach (var report in ExportTestData.SampleReports)
        {
            await ExportTestData.AppendAsync(store, report);
        }

        var path = Path.Combine(temp.Path, "cells.parquet");
        long written;
        await using (var file = File.Create(path))
        {
            written = await new ReportExporter(store).ExportAsync(ExportFormat.Parquet, ExportTable.Cells, new ReportExportFilter(), file, Ct);
        }

        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: Ct);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(ExportColumns.Cells.Select(c => c.Name), fields.Select(f => f.Name));
        long total = 0;
        var organizations = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<decimal?>();
        var semantics = new List<string>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            total += count;
            var orgs = new string?[count];
            await group.ReadAsync(Field(fields, "organization"), orgs.AsMemory(), cancellationToken: Ct);
            organizations.UnionWith(orgs.OfType<string>());
            var v = new decimal?[count];
            await group.ReadAsync<decimal>(Field(fields, "value"), v.AsMemory(), cancellationToken: Ct);
            values.AddRange(v);
            var s = new string?[count];
            await group.ReadAsync(Field(fields, "semantic"), s.AsMemory(), cancellationToken: Ct);
            semantics.AddRange(s.Select(x => x ?? ""));
        }

        Assert.Equal(written, total);
        Assert.Equal(ExportTestData.SampleReports.Select(r => r.Meta.Organization).ToHashSet(StringComparer.Ordinal), organizations);
        var expected = ExportTestData.SampleReports
            .OrderBy(r => Core.Versioning.ReportIdentity.KeyFor(r.Meta), StringComparer.Ordinal)
            .SelectMany(r => ReportJson.OrderedCells(r).Select(c => c.Value))
            .ToList();
        Assert.Equal(expected.Select(c => c.HasValue ? ReportJson.Canonical(c.Value!.Value) : (decimal?)null), values);
        Assert.Equal(expected.Select(c => ReportJson.SemanticToWire(c.Semantic)), semantics);
    }

    private static DataField Field(DataField[] fields, string name) => fields.Single(f => f.Name == name);

    private static string? Display(Cell cell) =>
        cell.HasValue ? ReportJson.Canonical(cell.Value!.Value).ToString(CultureInfo.InvariantCulture)
        : cell.Semantic is CellSemantic.NA or CellSemantic.Text ? cell.Raw
        : null;

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static List<IDictionary<string, object?>> Sheet(string path, string name) =>
        [.. MiniExcel.Query(path, useHeaderRow: false, sheetName: name).Cast<IDictionary<string, object?>>()];

    internal static (List<string> Header, List<Dictionary<string, string>> Rows) ReadCsv(byte[] bytes)
    {
        using var csv = CsvHelper.CsvReader.Create(new MemoryStream(bytes), new CsvHelper.CsvReaderOptions { HasHeader = false }, false);
        var rows = new List<Dictionary<string, string>>();
        List<string>? header = null;
        while (csv.Read())
        {
            if (header is null)
            {
                header = [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)];
                continue;
            }

            rows.Add(header.Select((h, i) => (h, v: csv.GetString(i))).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal));
        }

        return (header ?? [], rows);
    }
}
