using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

public class RobustnessTests
{
    /// <summary>Deleted, duplicated and swapped lines, cut cells, CRLF: a result or a rejection, never an exception.</summary>
    [Trait("Tier", "Slow")]
    [Fact]
    public void Parse_mutilated_samples_never_throw_and_keep_the_contract_paths()
    {
        var random = new Random(20240601);
        var parsed = 0;
        foreach (var sample in TestFiles.SampleNames)
        {
            var lines = File.ReadAllLines(TestFiles.SamplePath(sample));
            for (var variant = 0; variant < 40; variant++)
            {
                var mutated = Mutate(lines, random);
                var outcome = TestFiles.ParseText(string.Join(variant % 2 == 0 ? "\n" : "\r\n", mutated));
                if (!outcome.IsSuccess)
                {
                    continue;
                }

                parsed++;
                var report = outcome.Value;
                Assert.Equal(TemplateDefinition.For(report.Meta.TemplateVersion).CellPaths, ReportJson.OrderedCells(report).Select(kv => kv.Key));
                Assert.All(report.Cells.Values, c => Assert.True(c.Value is null || c.Semantic is CellSemantic.Zero or CellSemantic.Numeric));
            }
        }

        // Most mutants still read as reports: the checks above ran on them, not on nothing.
        Assert.True(parsed > TestFiles.SampleNames.Length * 40 / 2, $"only {parsed} of {TestFiles.SampleNames.Length * 40} mutated samples parsed");
    }

    private static List<string> Mutate(string[] lines, Random random)
    {
        var result = lines.ToList();
        for (var k = 0; k < 6; k++)
        {
            var i = random.Next(result.Count);
            switch (random.Next(5))
            {
                case 0:
                    result.RemoveAt(i);
                    break;
                case 1:
                    result.Insert(i, result[random.Next(result.Count)]);
                    break;
                case 2:
                    var j = random.Next(result.Count);
                    (result[i], result[j]) = (result[j], result[i]);
                    break;
                case 3:
                    var cells = result[i].Split('\t').ToList();
                    cells.RemoveAt(random.Next(cells.Count));
                    result[i] = string.Join('\t', cells);
                    break;
                default:
                    result[i] = result[i].Length > 2 ? result[i][..random.Next(result[i].Length)] : result[i];
                    break;
            }

            if (result.Count == 0)
            {
                break;
            }
        }

        return result;
    }
}
