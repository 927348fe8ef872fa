using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// The API process started from another folder: it still reads the appsettings*.json shipped next to it, and logs at
/// most one line per request at Information.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class ConfigurationBaseDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Api_started_from_another_directory_reads_its_own_appsettings_and_logs_one_line_per_request()
    {
        using var workingDirectory = new TempDirectory("api-cwd");
        using var data = new TempDirectory("api-cwd-data");
        var apiDirectory = Path.GetDirectoryName(typeof(ApiHost).Assembly.Location)!;
        // An environment of its own: only this test's settings file matches it, and it sits next to the API only.
        var environment = "BaseDirTest" + Guid.NewGuid().ToString("N");
        var settingsFile = Path.Combine(apiDirectory, $"appsettings.{environment}.json");
        var port = FreePort();
        await File.WriteAllTextAsync(settingsFile, $$"""
            {
              "Urls": "http://127.0.0.1:{{port}}",
              "Storage": { "DataDirectory": "{{data.Path.Replace("\\", "\\\\", StringComparison.Ordinal)}}" },
              "RabbitMq": { "Uri": "" }
            }
            """, Ct);
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(apiDirectory, "IngestionPipeline.Api.dll"));
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            // The port comes from the settings file only: the API answering there proves the file was read.
            await WaitUntilAsync(async () =>
            {
                try
                {
                    using var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
                    return live.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    Assert.False(process.HasExited, $"The API exited:\n{Snapshot(output)}");
                    return false;
                }
            }, TimeSpan.FromSeconds(90), () => $"The API never answered on the port of its settings file:\n{Snapshot(output)}");

            // Everything logged from here on (by length: a line still being written is not split in two counts).
            var before = Snapshot(output).Length;
            const int Requests = 20;
            for (var i = 0; i < Requests; i++)
            {
                using var response = await http.GetAsync(new Uri("/reports?limit=5", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await WaitUntilAsync(
                () => Task.FromResult(LinesAfter(output, before).Count(l => l.Contains("HTTP GET /reports", StringComparison.Ordinal)) >= Requests),
                TimeSpan.FromSeconds(30),
                () => $"Expected one request line per request:\n{Snapshot(output)}");
            var added = LinesAfter(output, before).Where(l => l.Length > 0 && !l.Contains("HTTP GET /health/live", StringComparison.Ordinal)).ToList();
            Assert.True(added.Count <= Requests, $"{added.Count} log lines for {Requests} requests:\n{string.Join('\n', added)}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            File.Delete(settingsFile);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < timeout, failure());
            await Task.Delay(100, Ct);
        }
    }

    private static List<string> LinesAfter(StringBuilder output, int start) =>
        [.. Snapshot(output)[start..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
