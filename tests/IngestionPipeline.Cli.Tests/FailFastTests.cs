using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// Issue 16 part 4: an unreachable broker, a wrong store path or a missing tool ends the command within 5 s with one
/// line on stderr naming the problem and the setting, exit code 3, no stack trace.
/// </summary>
public sealed class FailFastTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Submit_to_an_unreachable_broker_says_so_in_one_line()
    {
        using var data = new TempDirectory("failfast-broker");
        var result = await TimedAsync(new Dictionary<string, string>(), "submit", "samples/", "--rabbitmq", ClosedPortBroker(), "--data", data.Path);

        AssertOneLineFailure(result, "Cannot reach RabbitMQ at 127.0.0.1:", "RabbitMq:Uri");
    }

    [Fact]
    public async Task Worker_without_a_listener_exits_when_the_broker_stays_unreachable_past_its_startup_timeout()
    {
        using var data = new TempDirectory("failfast-worker");
        var result = await TimedAsync(new Dictionary<string, string>(), "worker", "--rabbitmq", ClosedPortBroker(), "--data", data.Path, "--startup-timeout", "2");

        AssertOneLineFailure(result, "Cannot reach RabbitMQ at 127.0.0.1:", "RabbitMq:Uri");
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(1.5), $"gave up after {result.Elapsed.TotalSeconds:0.0} s, before its start-up timeout of 2 s");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("submit")]
    [InlineData("worker")]
    public async Task A_store_path_that_is_a_file_is_named_in_one_line(string command)
    {
        using var data = new TempDirectory("failfast-store");
        var file = Path.Combine(data.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        string[] args = command switch
        {
            "run" => ["run", "samples/", "--data", file],
            "submit" => ["submit", "samples/", "--rabbitmq", ClosedPortBroker(), "--data", file],
            _ => ["worker", "--rabbitmq", ClosedPortBroker(), "--data", file, "--startup-timeout", "1"],
        };

        var result = await TimedAsync(new Dictionary<string, string>(), args);

        AssertOneLineFailure(result, $"The store path {file} is a file", "Storage:DataDirectory (--data)");
    }

    [Fact]
    public async Task A_missing_extraction_child_is_named_in_one_line()
    {
        using var data = new TempDirectory("failfast-tool");
        var missing = Path.Combine(data.Path, "no-such-ingest-extract.dll");
        var result = await TimedAsync(new Dictionary<string, string> { ["Extraction__ChildPath"] = missing }, "run", "samples/", "--data", data.Path);

        AssertOneLineFailure(result, $"The extraction child {missing} is missing", "Extraction:ChildPath");
    }

    [Fact]
    public async Task A_missing_extraction_launcher_is_named_in_one_line()
    {
        using var data = new TempDirectory("failfast-launcher");
        var result = await TimedAsync(
            new Dictionary<string, string> { ["Extraction__Launcher"] = "no-such-launcher-16 --" }, "run", "samples/", "--data", data.Path);

        AssertOneLineFailure(result, "The extraction launcher 'no-such-launcher-16' is not installed", "Extraction:Launcher");
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)> TimedAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await IngestCli.RunAsync(RepositoryPaths.Root, environment, args);
        return (exitCode, stdout, stderr, clock.Elapsed);
    }

    private static void AssertOneLineFailure((int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed) result, string problem, string setting)
    {
        var context = $"exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s; stderr: {result.StdErr}; stdout: {result.StdOut}";
        Assert.True(result.ExitCode == 3, context);
        Assert.True(result.Elapsed <= Limit, context);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith(problem, line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A broker URI on a loopback port nothing listens on (bound and released, so the connection is refused).</summary>
    private static string ClosedPortBroker()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"amqp://guest:guest@127.0.0.1:{port}/";
    }
}
