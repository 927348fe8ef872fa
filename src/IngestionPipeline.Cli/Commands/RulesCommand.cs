using System.CommandLine;
using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Validation;

namespace IngestionPipeline.Cli.Commands;

/// <summary>
/// <c>rules [--template gb2019|gb2021] [--json]</c>: lists the validation rule catalogue (id, severity,
/// table, meaning) of one template version, or of both. docs/rules.md is the same list.
/// </summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var template = new Option<string?>("--template") { Description = "Template version: gb2019 or gb2021 (default: both)." };
        template.AcceptOnlyFromAmong("gb2019", "gb2021");
        var json = CommonOptions.Json();
        var command = new Command("rules", "List the validation rules (id, severity, table, meaning).") { template, json };
        command.SetAction(result => Run(result.GetValue(template), result.GetValue(json)));
        return command;
    }

    internal static int Run(string? template, bool json)
    {
        var versions = template switch
        {
            "gb2019" => new[] { TemplateVersion.Gb2019 },
            "gb2021" => [TemplateVersion.Gb2021],
            _ => [TemplateVersion.Gb2019, TemplateVersion.Gb2021],
        };
        var listed = versions.Select(v => (Version: v.ToWire(), Rules: RuleCatalog.Describe(v))).ToList();
        if (json)
        {
            JsonOutput.Write(listed.Select(l => new
            {
                template = l.Version,
                rules = l.Rules.Select(r => new { id = r.Id, severity = r.Severity.ToString().ToLowerInvariant(), table = r.Table, meaning = r.Description }),
            }));
            return 0;
        }

        foreach (var (version, rules) in listed)
        {
            Console.Out.WriteLine($"{version}: {rules.Count} rules");
            var width = rules.Max(r => r.Id.Length);
            foreach (var r in rules)
            {
                Console.Out.WriteLine($"  {r.Id.PadRight(width)}  {r.Severity.ToString().ToLowerInvariant(),-7}  {r.Table,-10}  {r.Description}");
            }

            Console.Out.WriteLine();
        }

        return 0;
    }
}
