using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Corpus.Tests;

/// <summary>docs/rules.md lists every rule of the catalogue (regenerate it from <c>ingest rules --json</c>).</summary>
public sealed class RulesDocumentationTests
{
    [Theory]
    [InlineData(TemplateVersion.Gb2019)]
    [InlineData(TemplateVersion.Gb2021)]
    public void Rules_page_lists_every_rule_id(TemplateVersion version)
    {
        var page = File.ReadAllText(Path.Combine(CorpusPaths.Root, "docs", "rules.md"));

        var missing = RuleCatalog.Describe(version).Where(r => !page.Contains($"`{r.Id}`", StringComparison.Ordinal)).Select(r => r.Id).ToList();

        Assert.True(missing.Count == 0, "docs/rules.md lacks: " + string.Join(", ", missing));
    }
}
