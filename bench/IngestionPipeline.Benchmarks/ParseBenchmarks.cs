using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Benchmarks;

/// <summary>ReportParser.CreateDefault().Parse over the fixed set of one format; one operation = one report.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private ReportParser parser = null!;
    private RawFile[] files = [];

    [Params("txt", "html", "docx", "pdf")]
    public string Format { get; set; } = "txt";

    [GlobalSetup]
    public void Setup()
    {
        parser = ReportParser.CreateDefault();
        files = BenchCorpus.Load(Format).Select(f => new RawFile(f.Content, f.Name)).ToArray();
        if (files.Length != BenchCorpus.SetSize)
        {
            throw new InvalidOperationException($"Expected {BenchCorpus.SetSize} {Format} files, found {files.Length}.");
        }
    }

    public long SetBytes => files.Sum(f => (long)f.Content.Length);

    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public int Parse()
    {
        var ok = 0;
        foreach (var file in files)
        {
            if (parser.Parse(file).IsSuccess)
            {
                ok++;
            }
        }

        return ok;
    }
}

/// <summary>The three stages separately on the TXT set; one operation = one report.</summary>
[MemoryDiagnoser]
public class TxtStageBenchmarks
{
    private ReportParser parser = null!;
    private RawFile[] files = [];
    private ExtractedDocument[] extracted = [];
    private CanonicalReport[] normalized = [];
    private string[] hashes = [];

    [GlobalSetup]
    public void Setup()
    {
        parser = ReportParser.CreateDefault();
        files = BenchCorpus.Load("txt").Select(f => new RawFile(f.Content, f.Name)).ToArray();
        hashes = files.Select(f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Content.Span))).ToArray();
        extracted = files.Select(f => parser.Extract(f).Value!).ToArray();
        normalized = extracted.Select((d, i) => parser.Normalize(d, hashes[i]).Value!).ToArray();
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public int Extract()
    {
        var n = 0;
        foreach (var file in files)
        {
            n += parser.Extract(file).IsSuccess ? 1 : 0;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public int Normalize()
    {
        var n = 0;
        for (var i = 0; i < extracted.Length; i++)
        {
            n += parser.Normalize(extracted[i], hashes[i]).IsSuccess ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// The JSON round trips the stage consumers add per report on top of parsing: the extract artifact written
    /// and read back, the canonical report written twice (normalize, validate) and read twice (validate, store).
    /// </summary>
    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public int ArtifactJson()
    {
        var n = 0;
        for (var i = 0; i < extracted.Length; i++)
        {
            n += ExtractedDocument.FromJson(extracted[i].ToJson()).Blocks.Count;
            var json = ReportJson.Serialize(normalized[i], indented: false);
            n += ReportJson.Deserialize(json).Findings.Count;
            n += ReportJson.Deserialize(ReportJson.Serialize(normalized[i], indented: false)).Findings.Count;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public int Validate()
    {
        var n = 0;
        foreach (var report in normalized)
        {
            n += parser.Validate(report).Findings.Count;
        }

        return n;
    }
}

/// <summary>
/// The text floor: the least work any TXT parser must do. Bytes → UTF-8 string → lines → tab cells →
/// every integer parsed. Nothing else. One operation = one report of the TXT set.
/// </summary>
[MemoryDiagnoser]
public class TextFloorBenchmarks
{
    private byte[][] files = [];

    [GlobalSetup]
    public void Setup() => files = BenchCorpus.Load("txt").Select(f => f.Content).ToArray();

    [Benchmark(OperationsPerInvoke = BenchCorpus.SetSize)]
    public long Floor()
    {
        long sum = 0;
        foreach (var bytes in files)
        {
            sum += FloorOne(bytes);
        }

        return sum;
    }

    public static long FloorOne(byte[] bytes)
    {
        long sum = 0;
        var text = Encoding.UTF8.GetString(bytes);
        foreach (var line in text.Split('\n'))
        {
            foreach (var cell in line.Split('\t'))
            {
                if (long.TryParse(cell.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    sum += value;
                }
            }
        }

        return sum;
    }
}
