using System.CommandLine;
using IngestionPipeline.Cli.Hosting;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Cli.Commands;

/// <summary><c>report &lt;reportKey&gt; [--version N] [--data DIR]</c>: the canonical JSON of a stored version.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("reportKey") { Description = "The report key (see `reports`)." };
        var version = new Option<int?>("--version") { Description = "Version number; the current one when omitted." };
        var data = CommonOptions.Data();
        var command = new Command("report", "Print the canonical JSON of a stored report version.") { key, version, data };
        command.SetAction(async (result, ct) =>
        {
            if (await StoreAccess.OpenExistingAsync(result.GetValue(data)!, ct) is not var (services, store))
            {
                return 1;
            }

            await using var _ = services;
            var reportKey = result.GetValue(key)!;
            var record = await store.GetVersionAsync(reportKey, result.GetValue(version), ct);
            if (record is null)
            {
                await Console.Error.WriteLineAsync(result.GetValue(version) is { } n
                    ? $"Report {reportKey} has no version {n}."
                    : $"No report {reportKey}.");
                return 2;
            }

            Console.Out.WriteLine(ReportJson.Serialize(ReportJson.Deserialize(record.DocumentJson)));
            return 0;
        });
        return command;
    }
}
