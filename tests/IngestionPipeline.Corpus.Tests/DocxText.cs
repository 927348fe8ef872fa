using System.IO.Compression;

namespace IngestionPipeline.Corpus.Tests;

internal static class DocxText
{
    public static string DocumentXml(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        return reader.ReadToEnd();
    }
}
