using Parquet;
using Parquet.Schema;

namespace IngestionPipeline.Components.Export;

/// <summary>
/// Parquet through Parquet.Net: one typed column per export column (text, int32, decimal, boolean, UTC timestamp),
/// written one row group at a time, so at most one group of rows is held in memory.
/// </summary>
internal static class ParquetExport
{
    public static ParquetSchema SchemaFor<TRow>(IReadOnlyList<ExportColumn<TRow>> columns) =>
        new(columns.Select(c => c.Kind switch
        {
            ExportColumnKind.Text => (Field)new DataField<string>(c.Name, true),
            ExportColumnKind.Integer => new DataField<int>(c.Name),
            ExportColumnKind.Number => new DataField<decimal?>(c.Name),
            ExportColumnKind.Flag => new DataField<bool>(c.Name),
            ExportColumnKind.Time => new DataField<DateTime>(c.Name),
            _ => throw new ArgumentOutOfRangeException(nameof(columns), c.Kind, null),
        }).ToArray());

    public static async Task<long> WriteAsync<TRow>(IAsyncEnumerable<TRow> rows, IReadOnlyList<ExportColumn<TRow>> columns, Stream output, int rowGroupSize, CancellationToken cancellationToken)
    {
        var schema = SchemaFor(columns);
        var fields = schema.GetDataFields();
        await using var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: cancellationToken);
        var buffer = new List<TRow>(rowGroupSize);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            buffer.Add(row);
            count++;
            if (buffer.Count == rowGroupSize)
            {
                await WriteRowGroupAsync(writer, fields, columns, buffer, cancellationToken);
                buffer.Clear();
            }
        }

        // An empty export still writes one (empty) row group, so every reader sees the schema and zero rows.
        if (buffer.Count > 0 || count == 0)
        {
            await WriteRowGroupAsync(writer, fields, columns, buffer, cancellationToken);
        }

        return count;
    }

    private static async Task WriteRowGroupAsync<TRow>(ParquetWriter writer, DataField[] fields, IReadOnlyList<ExportColumn<TRow>> columns, List<TRow> rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var field = fields[i];
            switch (column.Kind)
            {
                case ExportColumnKind.Text:
                    await group.WriteAsync(field, rows.Select(r => (string?)column.Get(r)).ToArray()!);
                    break;
                case ExportColumnKind.Integer:
                    await group.WriteAsync<int>(field, rows.Select(r => (int)column.Get(r)!).ToArray(), cancellationToken: cancellationToken);
                    break;
                case ExportColumnKind.Number:
                    await group.WriteAsync<decimal>(field, rows.Select(r => (decimal?)column.Get(r)).ToArray(), cancellationToken: cancellationToken);
                    break;
                case ExportColumnKind.Flag:
                    await group.WriteAsync<bool>(field, rows.Select(r => (bool)column.Get(r)!).ToArray(), cancellationToken: cancellationToken);
                    break;
                case ExportColumnKind.Time:
                    await group.WriteAsync<DateTime>(field, rows.Select(r => ((DateTimeOffset)column.Get(r)!).UtcDateTime).ToArray(), cancellationToken: cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown column kind {column.Kind}.");
            }
        }
    }
}
