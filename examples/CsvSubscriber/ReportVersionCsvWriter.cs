using System.Globalization;
using System.Text;
using IngestionPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Examples.CsvSubscriber;

/// <summary>
/// Appends one CSV line per report version. Delivery is at-least-once, so the file itself is the
/// deduplication record: (reportKey, version) pairs already in it, including those written before a
/// restart, are skipped.
/// </summary>
public sealed class ReportVersionCsvWriter(IOptions<CsvSubscriberOptions> options) : IDisposable
{
    public static readonly string[] Columns =
    [
        "reportKey", "version", "previousVersion", "organization", "year", "templateVersion",
        "findingCount", "changedCellCount", "fingerprint", "rawSha256", "ingestionId",
    ];

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly string path = Path.GetFullPath(options.Value.OutputPath);
    private HashSet<(string ReportKey, int Version)>? seen;

    /// <summary>Appends the version unless it is already in the file; returns false for a duplicate.</summary>
    public async Task<bool> AppendAsync(ReportVersionCreated message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await gate.WaitAsync(cancellationToken);
        try
        {
            seen ??= await LoadAsync(cancellationToken);
            if (!seen.Add((message.ReportKey, message.Version)))
            {
                return false;
            }

            var text = new StringBuilder();
            if (!File.Exists(path) || new FileInfo(path).Length == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                text.AppendLine(string.Join(',', Columns));
            }

            text.AppendLine(Line(message));
            await File.AppendAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
            return true;
        }
        catch
        {
            // Not written: forget it so the redelivery can write it.
            seen?.Remove((message.ReportKey, message.Version));
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    internal static string Line(ReportVersionCreated m) => string.Join(',', new[]
    {
        m.ReportKey,
        m.Version.ToString(CultureInfo.InvariantCulture),
        m.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        m.Organization,
        m.Year.ToString(CultureInfo.InvariantCulture),
        m.TemplateVersion,
        m.FindingCount.ToString(CultureInfo.InvariantCulture),
        m.ChangedCellCount.ToString(CultureInfo.InvariantCulture),
        m.Fingerprint,
        m.RawSha256,
        m.IngestionId.ToString(),
    }.Select(Escape));

    /// <summary>RFC 4180: quote fields holding a comma, quote or line break; double inner quotes.</summary>
    internal static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private async Task<HashSet<(string, int)>> LoadAsync(CancellationToken cancellationToken)
    {
        var keys = new HashSet<(string, int)>();
        if (!File.Exists(path))
        {
            return keys;
        }

        foreach (var line in (await File.ReadAllLinesAsync(path, cancellationToken)).Skip(1))
        {
            // reportKey and version are the first two fields; report keys never contain quotes or commas
            // (ReportIdentity strips them), so a plain split is enough here.
            var fields = line.Split(',', 3);
            if (fields.Length >= 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                keys.Add((fields[0], version));
            }
        }

        return keys;
    }
}
