using System.Buffers.Binary;

namespace IngestionPipeline.Core.Extraction.Ocr;

/// <summary>
/// The pixel size a PNG, JPEG or TIFF declares in its header, read before anything is decoded, so a decompression
/// bomb (a small file declaring gigapixels) is rejected without allocating its pixels.
/// </summary>
internal static class ImageHeader
{
    /// <summary>Width × height, or null when the header cannot be read (the decoder then decides the file is corrupt).</summary>
    public static (long Width, long Height)? ReadSize(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(FormatDetector.PngMagic) && content.Length >= 24)
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(content[16..]), BinaryPrimitives.ReadUInt32BigEndian(content[20..]));
        }

        if (content.StartsWith(FormatDetector.JpegMagic))
        {
            return Jpeg(content);
        }

        if (content.StartsWith(FormatDetector.TiffLittleMagic) || content.StartsWith(FormatDetector.TiffBigMagic))
        {
            return Tiff(content);
        }

        return null;
    }

    private static (long, long)? Jpeg(ReadOnlySpan<byte> content)
    {
        var i = 2;
        while (i + 9 < content.Length)
        {
            if (content[i] != 0xFF)
            {
                return null;
            }

            var marker = content[i + 1];
            if (marker is 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content[(i + 2)..]);
            var isFrame = marker is >= 0xC0 and <= 0xCF && marker is not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(content[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(content[(i + 5)..]));
            }

            i += 2 + length;
        }

        return null;
    }

    private static (long, long)? Tiff(ReadOnlySpan<byte> content)
    {
        var little = content[0] == (byte)'I';
        uint U32(ReadOnlySpan<byte> c, int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(c[at..]) : BinaryPrimitives.ReadUInt32BigEndian(c[at..]);
        ushort U16(ReadOnlySpan<byte> c, int at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(c[at..]) : BinaryPrimitives.ReadUInt16BigEndian(c[at..]);
        if (content.Length < 8)
        {
            return null;
        }

        var ifd = U32(content, 4);
        if (ifd > content.Length - 2)
        {
            return null;
        }

        var count = U16(content, (int)ifd);
        long? width = null, height = null;
        for (var e = 0; e < count; e++)
        {
            var at = (int)ifd + 2 + (e * 12);
            if (at + 12 > content.Length)
            {
                break;
            }

            var tag = U16(content, at);
            var type = U16(content, at + 2);
            long value = type == 3 ? U16(content, at + 8) : U32(content, at + 8);
            if (tag == 256)
            {
                width = value;
            }
            else if (tag == 257)
            {
                height = value;
            }
        }

        return width is { } w && height is { } h ? (w, h) : null;
    }
}
