using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Versioning;

/// <summary>
/// Content hashing for version decisions. The content hash covers what the report says (meta, cells with
/// raw text and units, sections, findings) and leaves out where it was read from (provenance, cell source
/// locations), so the same report arriving as PDF and as DOCX is one version. The fingerprint adds the
/// schema, normalizer and rule-set versions for audit.
/// </summary>
public static class ReportContent
{
    /// <summary>
    /// The bytes hashed are those of the former DOM writer without <c>provenance</c>
    /// and the cells' <c>source</c>, written by <c>ToJsonString()</c> (compact, default encoder: non-ASCII as
    /// <c>\uXXXX</c>). Stored hashes are compared with new ones, so these bytes must never move; they are now
    /// written by <see cref="ReportJson.WriteContent"/> (pinned by the recorded hashes in <c>ReportContentHashTests</c>).
    /// </summary>
    private static readonly JsonWriterOptions HashWriter = new() { Indented = false };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    public static string ContentHash(CanonicalReport report)
    {
        var buffer = cachedBuffer ?? new ArrayBufferWriter<byte>(32 * 1024);
        cachedBuffer = null;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, HashWriter))
        {
            ReportJson.WriteContent(writer, report);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity <= 1024 * 1024)
        {
            cachedBuffer = buffer;
        }

        return Convert.ToHexStringLower(hash);
    }

    public static string Fingerprint(CanonicalReport report, string contentHash) =>
        Sha256Hex.Of($"{contentHash}|{report.SchemaVersion}|{report.Provenance.Normalizer}|{report.Provenance.RuleSet}");
}
