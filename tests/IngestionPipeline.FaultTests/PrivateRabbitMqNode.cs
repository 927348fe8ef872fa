using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IngestionPipeline.FaultTests;

/// <summary>One queue of <c>rabbitmqctl list_queues</c>.</summary>
internal sealed record BrokerQueue(string Name, long Ready, long Unacknowledged, long Consumers);

/// <summary>
/// A RabbitMQ node of this test alone (Debian's <c>rabbitmq-server</c>, its own node name, ports, database and
/// logs under a temp directory), so the test can stop and restart the broker without disturbing the shared
/// broker other tests run against. Needs <c>rabbitmq-server</c> installed and root (the Debian wrapper runs the
/// node as the <c>rabbitmq</c> user); otherwise <see cref="Unavailable"/> says why.
/// </summary>
internal sealed class PrivateRabbitMqNode : IAsyncDisposable
{
    private const string Server = "/usr/sbin/rabbitmq-server";
    private const string Control = "/usr/sbin/rabbitmqctl";

    private readonly string directory;
    private readonly Dictionary<string, string> environment;

    private PrivateRabbitMqNode(string directory, string nodeName, int port, int distributionPort)
    {
        this.directory = directory;
        NodeName = nodeName;
        Port = port;
        environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "node.pid"),
        };
    }

    public string NodeName { get; }

    public int Port { get; }

    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>Why a private node cannot be started here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Server) || !File.Exists(Control))
        {
            return $"{Server} is not installed (apt-get install rabbitmq-server; .ci/run does)";
        }

        return Environment.UserName is "root" or "rabbitmq"
            ? null
            : $"the Debian rabbitmq-server wrapper only starts a node as root or rabbitmq (running as {Environment.UserName})";
    }

    public static async Task<PrivateRabbitMqNode> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ingest-rmq-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(directory);
        var plugins = Path.Combine(directory, "enabled_plugins");
        await File.WriteAllTextAsync(plugins, "[].", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // The node runs as the rabbitmq user.
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(plugins, (UnixFileMode)0b110_110_110);
        }
        var node = new PrivateRabbitMqNode(directory, $"ingest-fault-{Guid.NewGuid():N}"[..22] + "@localhost", FreePort(), FreePort());
        await node.StartNodeAsync(cancellationToken);
        return node;
    }

    /// <summary>Stops the node: every connection drops; durable queues and persistent messages stay on disk.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => StopNodeAsync(cancellationToken);

    /// <summary>Starts the stopped node again on the same database (with <see cref="StopAsync"/>: a broker restart).</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken) => StartNodeAsync(cancellationToken);

    /// <summary>
    /// Kills the node with SIGKILL (no shutdown, nothing flushed that was not on disk), waits until it no longer accepts
    /// connections; <see cref="StartAgainAsync"/> starts it again on the same database.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        KillFromPidFile();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await AcceptsConnectionsAsync(timeout.Token))
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    public async Task<IReadOnlyList<BrokerQueue>> ListQueuesAsync(CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(Control, ["-n", NodeName, "-q", "list_queues", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers"], cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl list_queues failed ({exit}): {output}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 4)
            .Select(cells => new BrokerQueue(cells[0], long.Parse(cells[1], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture), long.Parse(cells[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await StopNodeAsync(timeout.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            KillFromPidFile();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: files of the rabbitmq user are left to the OS temp cleaner.
        }
    }

    private async Task StartNodeAsync(CancellationToken cancellationToken)
    {
        // -detached forks the node and returns; its output goes to the node's log directory.
        var (exit, output) = await RunAsync("/bin/sh", ["-c", $"{Server} -detached > /dev/null 2>&1"], cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"rabbitmq-server -detached failed ({exit}): {output}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while (true)
        {
            // await_startup fails at once while the node is not registered yet: poll until it succeeds.
            var (ready, _) = await RunAsync(Control, ["-n", NodeName, "-q", "await_startup", "--timeout", "60"], timeout.Token);
            if (ready == 0 && await AcceptsConnectionsAsync(timeout.Token))
            {
                return;
            }

            await Task.Delay(500, timeout.Token);
        }
    }

    private async Task StopNodeAsync(CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(Control, ["-n", NodeName, "-q", "stop"], cancellationToken);
        if (exit != 0 && !output.Contains("nodedown", StringComparison.OrdinalIgnoreCase) && !output.Contains("unable to perform", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"rabbitmqctl stop failed ({exit}): {output}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await AcceptsConnectionsAsync(timeout.Token))
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    private void KillFromPidFile()
    {
        var pidFile = environment["RABBITMQ_PID_FILE"];
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
