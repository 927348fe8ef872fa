using System.Diagnostics;
using IngestionPipeline.Components.Extraction;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;

// Mutates real reports (corpus PDFs, DOCX, HTML, TXT) and runs each mutant through the extraction sandbox and
// the normalizer. A finding is a mutant whose child crashed, timed out or ran out of memory, or that made
// the parser throw: it is written to <out>/findings with its reason, to become a test.
// Usage: ingest-fuzz <seconds> <outDir> <seed> <corpusDir>...
var seconds = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var outDirectory = args[1];
var random = new Random(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
var seeds = args[3..]
    .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
    .Where(f => !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
    .Order(StringComparer.Ordinal)
    .ToArray();
var findings = Path.Combine(outDirectory, "findings");
Directory.CreateDirectory(findings);
var parser = ReportParser.CreateDefault();
using var sandbox = new ExtractionSandbox(new ExtractionOptions { PoolSize = 1, TimeoutSeconds = 20, CrashAttempts = 1 }, new ParserOptions().MaxFileBytes);
var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
var clock = Stopwatch.StartNew();
var runs = 0;
var slowest = TimeSpan.Zero;
while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
{
    var seed = seeds[random.Next(seeds.Length)];
    var bytes = Mutate(File.ReadAllBytes(seed), random);
    var name = $"{runs:D6}-{Path.GetFileName(seed)}";
    var started = Stopwatch.StartNew();
    string outcome;
    string? finding = null;
    try
    {
        var extracted = await sandbox.ExtractAsync(new RawFile(bytes, name));
        if (extracted.IsSuccess)
        {
            var normalized = parser.Normalize(extracted.Value, Sha256Hex.Of(bytes));
            outcome = normalized.IsSuccess ? "REPORT" : normalized.Rejection.ReasonCode;
            if (normalized.IsSuccess)
            {
                parser.Validate(normalized.Value);
            }
        }
        else
        {
            outcome = extracted.Rejection.ReasonCode;
            if (outcome is ReasonCodes.ExtractorCrashed or ReasonCodes.ExtractionTimeout or ReasonCodes.ParserError
                || extracted.Rejection.Reason.Contains("memory", StringComparison.Ordinal))
            {
                finding = extracted.Rejection.ToString();
            }
        }
    }
    catch (Exception e)
    {
        outcome = "EXCEPTION";
        finding = e.ToString();
    }

    var elapsed = started.Elapsed;
    slowest = elapsed > slowest ? elapsed : slowest;
    if (elapsed > TimeSpan.FromSeconds(10) && finding is null)
    {
        finding = $"slow: {elapsed.TotalSeconds:0.0} s ({outcome})";
    }

    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
    if (finding is not null)
    {
        File.WriteAllBytes(Path.Combine(findings, name), bytes);
        File.WriteAllText(Path.Combine(findings, name + ".txt"), finding);
        Console.WriteLine($"FINDING {name}: {finding.Split('\n')[0]}");
    }

    runs++;
}

Console.WriteLine($"{runs} mutants in {clock.Elapsed.TotalSeconds:0} s from {seeds.Length} seeds, slowest {slowest.TotalSeconds:0.00} s, findings {Directory.GetFiles(findings, "*.txt").Length}");
foreach (var (outcome, count) in outcomes.OrderByDescending(p => p.Value))
{
    Console.WriteLine($"{count,8} {outcome}");
}

return Directory.GetFiles(findings, "*.txt").Length == 0 ? 0 : 1;

static byte[] Mutate(byte[] input, Random random)
{
    var data = new List<byte>(input);
    var mutations = 1 + random.Next(8);
    for (var i = 0; i < mutations && data.Count > 0; i++)
    {
        var at = random.Next(data.Count);
        switch (random.Next(7))
        {
            case 0: // flip bits
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // random byte
                data[at] = (byte)random.Next(256);
                break;
            case 2: // interesting digits: object numbers, lengths, counts
                data[at] = (byte)"0123456789"[random.Next(10)];
                break;
            case 3: // delete a run
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                break;
            case 4: // duplicate a run
                var length = Math.Min(data.Count - at, 1 + random.Next(4096));
                data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                break;
            case 5: // truncate
                data.RemoveRange(at, data.Count - at);
                break;
            default: // splice markup the parsers recurse on
                string[] tokens = ["<div>", "<table><tr><td>", " 1 0 R ", "/Kids [1 0 R]", "<w:tbl><w:tr><w:tc>", "stream\n", "obj <<", ">>"];
                data.InsertRange(at, System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(tokens[random.Next(tokens.Length)], 1 + random.Next(200)))));
                break;
        }
    }

    return [.. data];
}
