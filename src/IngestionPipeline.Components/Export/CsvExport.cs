using CsvHelper;

namespace IngestionPipeline.Components.Export;

/// <summary>
/// CSV through CsvHelper: UTF-8 with a byte order mark, RFC 4180 quoting, one header row of the column names. Rows
/// are written with <see cref="CsvWriter.EndRecordAsync"/>, which only touches the stream asynchronously, so the
/// output may be an HTTP response body.
/// </summary>
internal static class CsvExport
{
    // Text from untrusted reports that starts like a spreadsheet formula is escaped (a leading apostrophe). '-' is not
    // among them: "-" and "-5" are common raw cell texts and no formula starts with them alone.
    private static readonly CsvWriterOptions Options = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+@\t\r",
    };

    public static async Task<long> WriteAsync<TRow>(IAsyncEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns, Stream output, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await using (csv)
        {
            foreach (var column in columns)
            {
                csv.WriteField(column.Name);
            }

            await csv.EndRecordAsync(cancellationToken);
            long count = 0;
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                foreach (var column in columns)
                {
                    WriteField(csv, column.Kind, column.Get(row));
                }

                await csv.EndRecordAsync(cancellationToken);
                count++;
            }

            await csv.FlushAsync(cancellationToken);
            return count;
        }
    }

    private static void WriteField(CsvWriter csv, ExportColumnKind kind, object? value)
    {
        switch (value)
        {
            case null:
                csv.WriteField((string?)null);
                break;
            case decimal number:
                csv.WriteField(number, default);
                break;
            case int integer:
                csv.WriteField(integer, default);
                break;
            case bool flag:
                csv.WriteField(flag);
                break;
            case DateTimeOffset at:
                csv.WriteField(at.ToUniversalTime(), "O");
                break;
            default:
                csv.WriteField(kind == ExportColumnKind.Text ? (string)value : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
