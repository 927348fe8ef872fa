using System.CommandLine;
using System.Text;
using IngestionPipeline.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("ingest: turn 政府信息公开工作年度报告 files into versioned canonical reports.")
{
    ParseCommand.Create(),
    RunCommand.Create(),
    ReportsCommand.Create(),
    ReportCommand.Create(),
    VersionsCommand.Create(),
    CorpusCommand.Create(),
    AccuracyCommand.Create(),
    RulesCommand.Create(),
    WorkerCommand.Create(),
    SubmitCommand.Create(),
    StatusCommand.Create(),
    ErrorsCommand.Create(),
    ReprocessCommand.Create(),
    MigrateKeysCommand.Create(),
    ChangesCommand.Create(),
    ReplayCommand.Create(),
    ExportCommand.Create(),
    CompareCommand.Create(),
    CompactCommand.Create(),
};

// Ctrl+C / SIGTERM cancel the command's token; `worker` then needs time to finish in-flight messages
// (ServiceDefaultsExtensions.StopTimeout) before System.CommandLine's default 2 s would end the process.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(40) });
