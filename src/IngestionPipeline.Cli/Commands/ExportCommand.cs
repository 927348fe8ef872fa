using System.CommandLine;
using System.Diagnostics;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Components.Export;
using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>export --format csv|xlsx|parquet --table cells|reports [filters] [--all-versions] --out FILE [--data DIR]</c>:
/// the cells or reports table of the stored reports, streamed from the store to the file.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv (UTF-8 with BOM), xlsx or parquet.", Required = true };
        format.AcceptOnlyFromAmong("csv", "xlsx", "parquet");
        var table = new Option<string>("--table") { Description = "cells (one row per cell) or reports (one row per report version).", DefaultValueFactory = _ => "cells" };
        table.AcceptOnlyFromAmong("cells", "reports");
        var output = new Option<FileInfo>("--out") { Description = "The file to write (replaced if it exists).", Required = true };
        var allVersions = new Option<bool>("--all-versions") { Description = "Every version of each report instead of the current one." };
        var filters = new AnalysisOptions();
        var data = CommonOptions.Data();
        var command = new Command("export", "Export the stored reports' cells or report table as CSV, XLSX or Parquet.") { format, table, output, allVersions, data };
        foreach (var option in filters.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            if (store is not IReportExportSource source)
            {
                await Console.Error.WriteLineAsync("This store cannot stream exports.");
                return 1;
            }

            // Both were checked against their accepted values by the parser.
            if (!ReportExporter.TryParseFormat(result.GetValue(format), out var exportFormat)
                || !ReportExporter.TryParseTable(result.GetValue(table), out var exportTable))
            {
                return 1;
            }

            var file = result.GetValue(output)!;
            var filter = filters.ExportFilter(result, result.GetValue(allVersions));
            var stopwatch = Stopwatch.StartNew();
            // Written beside the target and moved over it at the end: a failed export never leaves half a file behind.
            var partial = file.FullName + ".partial";
            long rows;
            try
            {
                await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    rows = await new ReportExporter(source).ExportAsync(exportFormat, exportTable, filter, stream, ct);
                }

                File.Move(partial, file.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            await Console.Error.WriteLineAsync($"{rows} {exportTable.ToString().ToLowerInvariant()} rows written to {file.FullName} in {stopwatch.Elapsed.TotalSeconds:F1} s.");
            return 0;
        });
        return command;
    }
}
