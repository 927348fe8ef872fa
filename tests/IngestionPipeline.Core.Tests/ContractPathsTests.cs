using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

public class ContractPathsTests
{
    public static TheoryData<string> Samples => [.. TestFiles.SampleNames];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_sample_carries_exactly_the_contract_paths_of_its_version(string sample)
    {
        var report = TestFiles.Parse(sample);
        var expected = TestFiles.ContractPaths(report.Meta.TemplateVersion);

        Assert.Equal(expected, ReportJson.OrderedCells(report).Select(kv => kv.Key));
        Assert.Equal(expected.Order(StringComparer.Ordinal), report.Cells.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(TemplateVersion.Gb2019, 198)]
    [InlineData(TemplateVersion.Gb2021, 200)]
    public void TemplateDefinition_paths_equal_contract_file(TemplateVersion version, int count)
    {
        var paths = TestFiles.ContractPaths(version);

        Assert.Equal(count, paths.Length);
        Assert.Equal(paths, TemplateDefinition.For(version).CellPaths);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Serialize_then_deserialize_sample_keeps_every_cell(string sample)
    {
        var report = TestFiles.Parse(sample);

        var roundTripped = ReportJson.Deserialize(ReportJson.Serialize(report));

        Assert.Equal(report.Cells, roundTripped.Cells);
        Assert.Equal(report.Findings.Count, roundTripped.Findings.Count);
    }
}
