using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace IngestionPipeline.Cli.Tests;

/// <summary>A long-running <c>ingest worker</c> child process: waits for its "Worker started" line, stops it with SIGTERM.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Completes when the process has exited (and its output is read), however it ended.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public static Task<WorkerProcess> StartAsync(string workingDirectory, params string[] args) =>
        StartAsync(workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="StartAsync(string, string[])"/> with extra environment variables (configuration such as <c>Extraction__Mode</c>).</summary>
    public static async Task<WorkerProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ingest.dll"));
        start.ArgumentList.Add("worker");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start ingest worker."));
        worker.process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await worker.started.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await worker.DisposeAsync();
            throw new TimeoutException($"ingest worker {string.Join(' ', args)} did not start:\n{worker.Output}");
        }

        return worker;
    }

    /// <summary>SIGTERM, as a container runtime or systemd would send, and waits for the graceful exit.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL: the process dies at once, mid-message, as on a machine failure. Nothing is flushed or acknowledged.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("Worker started", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }
}

/// <summary>The broker of the RabbitMQ tests: RABBITMQ_URI, else the local default; skips with the reason when unreachable.</summary>
internal static class Broker
{
    private static readonly Lazy<(Uri Uri, string? Problem)> Probe = new(() =>
    {
        var uri = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672).Wait(TimeSpan.FromSeconds(3))
                ? (uri, null)
                : (uri, $"RabbitMQ not reachable at {uri.Host}:{uri.Port} (timeout)");
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return (uri, $"RabbitMQ not reachable at {uri.Host}:{uri.Port} ({e.GetBaseException().Message})");
        }
    });

    public static Uri Require()
    {
        var (uri, problem) = Probe.Value;
        if (problem is not null)
        {
            Assert.Skip($"{problem}. Start rabbitmq-server (see .ci/run) or set RABBITMQ_URI to run this test.");
        }

        return uri;
    }
}
