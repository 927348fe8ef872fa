using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Core.Extraction.Sandbox;

/// <summary>
/// The framed protocol between the extraction sandbox and its child (<c>ingest-extract</c>), over the child's
/// stdin and stdout. Request: int32 name length, UTF-8 file name, int32 content length, raw bytes. Response:
/// one status byte (<see cref="Success"/> or <see cref="Rejected"/>), int32 payload length, payload (the extract
/// artifact JSON, or <c>REASON_CODE\nreason</c>). Little-endian lengths; the child handles one request at a time.
/// </summary>
public static class ExtractionProtocol
{
    public const byte Success = 0;
    public const byte Rejected = 1;

    /// <summary>A rejection after which the child exits (it hit its memory limit): the parent must not reuse it.</summary>
    public const byte RejectedExiting = 2;

    /// <summary>File names are hints; a longer one is cut rather than trusted to size a buffer.</summary>
    private const int MaxNameBytes = 4096;

    public static async Task WriteRequestAsync(Stream output, RawFile file, CancellationToken cancellationToken)
    {
        var name = Encoding.UTF8.GetBytes(file.FileName);
        if (name.Length > MaxNameBytes)
        {
            name = name[..MaxNameBytes];
        }

        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, name.Length);
        await output.WriteAsync(header, cancellationToken);
        await output.WriteAsync(name, cancellationToken);
        BinaryPrimitives.WriteInt32LittleEndian(header, file.Content.Length);
        await output.WriteAsync(header, cancellationToken);
        await output.WriteAsync(file.Content, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The next request, or null at end of input (the parent closed the pipe: exit).</summary>
    public static RawFile? ReadRequest(Stream input)
    {
        var nameLength = ReadLength(input, MaxNameBytes);
        if (nameLength is null)
        {
            return null;
        }

        var name = new byte[nameLength.Value];
        input.ReadExactly(name);
        var contentLength = ReadLength(input, int.MaxValue) ?? throw new EndOfStreamException("Request truncated.");
        var content = GC.AllocateUninitializedArray<byte>(contentLength);
        input.ReadExactly(content);
        return new RawFile(content, Encoding.UTF8.GetString(name));
    }

    public static void WriteResponse(Stream output, Outcome<ExtractedDocument> outcome, bool exiting = false)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        byte status;
        if (outcome.IsSuccess)
        {
            status = Success;
            outcome.Value.WriteTo(buffer);
        }
        else
        {
            status = exiting ? RejectedExiting : Rejected;
            buffer.Write(Encoding.UTF8.GetBytes(outcome.Rejection.ReasonCode + "\n" + outcome.Rejection.Reason));
        }

        Span<byte> header = stackalloc byte[5];
        header[0] = status;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], buffer.WrittenCount);
        output.Write(header);
        output.Write(buffer.WrittenSpan);
        output.Flush();
    }

    /// <summary>
    /// The child's answer and whether the child exits after it; <see cref="EndOfStreamException"/> when the child
    /// died before answering.
    /// </summary>
    public static async Task<(Outcome<ExtractedDocument> Outcome, bool ChildExits)> ReadResponseAsync(Stream input, CancellationToken cancellationToken)
    {
        var header = new byte[5];
        await input.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
        if (length < 0)
        {
            throw new InvalidDataException($"Negative response length {length}.");
        }

        var payload = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await input.ReadExactlyAsync(payload.AsMemory(0, length), cancellationToken);
            if (header[0] == Success)
            {
                return (Outcome<ExtractedDocument>.Success(ExtractedDocument.FromJson(payload.AsSpan(0, length))), false);
            }

            var text = Encoding.UTF8.GetString(payload, 0, length);
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            var rejection = newline < 0
                ? Outcome<ExtractedDocument>.Reject(ReasonCodes.ParserError, text)
                : Outcome<ExtractedDocument>.Reject(text[..newline], text[(newline + 1)..]);
            return (rejection, header[0] == RejectedExiting);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static int? ReadLength(Stream input, int max)
    {
        Span<byte> header = stackalloc byte[4];
        var read = input.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (read == 0)
        {
            return null;
        }

        if (read < 4)
        {
            throw new EndOfStreamException("Request truncated.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        return length < 0 || length > max ? throw new InvalidDataException($"Bad request length {length}.") : length;
    }
}
