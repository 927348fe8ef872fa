using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace IngestionPipeline.Core.Storage;

/// <summary>
/// The opaque cursor of the changes feed given to clients: a versioned wrapper around
/// <see cref="ChangeEntry.Sequence"/>, so that its encoding can change without breaking stored cursors. It is
/// stable across restarts because the sequence is stored with the entry.
/// </summary>
public static class ChangeCursor
{
    private const string Prefix = "c1.";

    /// <summary>The cursor that resumes after <paramref name="sequence"/>.</summary>
    public static string Format(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + sequence.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads a cursor made by <see cref="Format"/>; an empty one is the start of the feed.</summary>
    public static bool TryParse(string? cursor, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 64)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(cursor);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
