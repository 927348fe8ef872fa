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
};

return await root.Parse(args).InvokeAsync();
