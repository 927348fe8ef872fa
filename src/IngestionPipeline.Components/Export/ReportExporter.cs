using System.Runtime.CompilerServices;
using IngestionPipeline.Core.Export;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Components.Export;

/// <summary>The file format of an export.</summary>
public enum ExportFormat
{
    /// <summary>UTF-8 with a byte order mark (so that Excel reads Chinese text), RFC 4180.</summary>
    Csv,
    /// <summary>An Excel workbook: the printed tables 二, 三, 四 and the long table.</summary>
    Xlsx,
    /// <summary>Apache Parquet, one row group per <see cref="ReportExporter.ParquetRowGroupSize"/> rows.</summary>
    Parquet,
}

/// <summary>Which table an export writes.</summary>
public enum ExportTable
{
    /// <summary>The long table: one row per cell of each report version.</summary>
    Cells,
    /// <summary>One row per report version: metadata, finding counts, key totals.</summary>
    Reports,
}

/// <summary>
/// Writes the <em>cells</em> or <em>reports</em> table of the versions matching a filter, streamed from an
/// <see cref="IReportExportSource"/>: one version is read, turned into rows and written before the next is read, so
/// memory stays flat whatever the number of reports. CSV goes to any stream (async writes only, so an HTTP response
/// body will do); XLSX and Parquet need a seekable stream (a file), because both formats write an index after the data.
/// </summary>
public sealed class ReportExporter(IReportExportSource source)
{
    /// <summary>Rows per Parquet row group: one group is buffered, then written.</summary>
    public const int ParquetRowGroupSize = 50_000;

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat.Parquet => "application/vnd.apache.parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string FileExtension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => ".csv",
        ExportFormat.Xlsx => ".xlsx",
        ExportFormat.Parquet => ".parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Reads <c>csv</c>, <c>xlsx</c> or <c>parquet</c> (case-insensitive).</summary>
    public static bool TryParseFormat(string? text, out ExportFormat format) =>
        Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format) && !int.TryParse(text, out _);

    /// <summary>Reads <c>cells</c> or <c>reports</c> (case-insensitive).</summary>
    public static bool TryParseTable(string? text, out ExportTable table) =>
        Enum.TryParse(text, ignoreCase: true, out table) && Enum.IsDefined(table) && !int.TryParse(text, out _);

    /// <summary>Writes the export to <paramref name="output"/> and returns how many data rows it holds.</summary>
    public async Task<long> ExportAsync(ExportFormat format, ExportTable table, ReportExportFilter filter, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(output);
        if (format != ExportFormat.Csv && !output.CanSeek)
        {
            throw new ArgumentException($"A {format} export needs a seekable stream (a file).", nameof(output));
        }

        return (format, table) switch
        {
            (ExportFormat.Csv, ExportTable.Cells) => await CsvExport.WriteAsync(CellRowsAsync(filter, cancellationToken), ExportColumns.Cells, output, cancellationToken),
            (ExportFormat.Csv, ExportTable.Reports) => await CsvExport.WriteAsync(ReportRowsAsync(filter, cancellationToken), ExportColumns.Reports, output, cancellationToken),
            (ExportFormat.Parquet, ExportTable.Cells) => await ParquetExport.WriteAsync(CellRowsAsync(filter, cancellationToken), ExportColumns.Cells, output, ParquetRowGroupSize, cancellationToken),
            (ExportFormat.Parquet, ExportTable.Reports) => await ParquetExport.WriteAsync(ReportRowsAsync(filter, cancellationToken), ExportColumns.Reports, output, ParquetRowGroupSize, cancellationToken),
            (ExportFormat.Xlsx, _) => await new XlsxExport(source, filter).WriteAsync(table, output, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>The cells table's rows, one version at a time.</summary>
    public async IAsyncEnumerable<CellExportRow> CellRowsAsync(ReportExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var version in source.StreamVersionsAsync(filter, cancellationToken))
        {
            var report = ReportJson.Deserialize(version.DocumentJson);
            foreach (var row in ReportExportProjection.Cells(version, report))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// The reports table's rows. Versions come ordered by report key, then version, so the last one of a key is its
    /// head: one version of look-ahead tells whether a row is current.
    /// </summary>
    public async IAsyncEnumerable<ReportExportRow> ReportRowsAsync(ReportExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ReportVersionRecord? pending = null;
        await foreach (var version in source.StreamVersionsAsync(filter, cancellationToken))
        {
            if (pending is not null)
            {
                var current = !filter.AllVersions || !string.Equals(pending.ReportKey, version.ReportKey, StringComparison.Ordinal);
                yield return ReportExportProjection.Report(pending, ReportJson.Deserialize(pending.DocumentJson), current);
            }

            pending = version;
        }

        if (pending is not null)
        {
            yield return ReportExportProjection.Report(pending, ReportJson.Deserialize(pending.DocumentJson), current: true);
        }
    }
}
