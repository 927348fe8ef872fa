using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

/// <summary>
/// Each sample against its hand-checked golden report (<c>Golden/&lt;sample&gt;.json</c>). Compared: every
/// cell's value, semantic, raw text and unit, the metadata and the section titles. Set
/// <c>UPDATE_GOLDEN=1</c> to rewrite the goldens from the parser — then check every changed cell against
/// the sample text before committing.
/// </summary>
public class GoldenTests
{
    public static TheoryData<string> Samples => [.. TestFiles.SampleNames];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_sample_matches_golden(string sample)
    {
        var actual = TestFiles.Parse(sample);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(TestFiles.GoldenSourcePath(sample), ReportJson.Serialize(actual) + "\n");
        }

        var expected = ReportJson.Deserialize(File.ReadAllText(TestFiles.GoldenPath(sample)));

        Assert.Equal(expected.Meta, actual.Meta);
        foreach (var key in SectionKeys.All)
        {
            Assert.Equal(expected.Sections[key]?.Title, actual.Sections[key]?.Title);
        }

        Assert.Equal(expected.Cells.Keys, actual.Cells.Keys);
        var mismatches = expected.Cells
            .Where(kv => !SameReading(kv.Value, actual.Cells[kv.Key]))
            .Select(kv => $"{kv.Key}: expected {Describe(kv.Value)}, got {Describe(actual.Cells[kv.Key])}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Golden_file_reads_and_writes_back_byte_identical(string sample)
    {
        var text = File.ReadAllText(TestFiles.GoldenPath(sample));
        var report = ReportJson.Deserialize(text);

        Assert.True(text == ReportJson.Serialize(report) + "\n", $"{sample}: the golden file does not come back byte for byte");
        Assert.Equal<byte[]>(System.Text.Encoding.UTF8.GetBytes(text), [.. ReportJson.SerializeToUtf8Bytes(report), (byte)'\n']);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_sample_writes_the_golden_bytes(string sample)
    {
        var json = ReportJson.Serialize(TestFiles.Parse(sample)) + "\n";

        Assert.True(
            json == File.ReadAllText(TestFiles.GoldenPath(sample)),
            $"{sample}: the parser's JSON differs from the golden file; if the change is intended (and additive), rewrite the goldens with UPDATE_GOLDEN=1 and review the diff.");
    }

    private static bool SameReading(Cell expected, Cell actual) =>
        expected.Value == actual.Value && expected.Semantic == actual.Semantic && expected.Raw == actual.Raw && expected.Unit == actual.Unit;

    private static string Describe(Cell c) => $"{c.Semantic} {c.Value} raw='{c.Raw}' unit='{c.Unit}'";
}
