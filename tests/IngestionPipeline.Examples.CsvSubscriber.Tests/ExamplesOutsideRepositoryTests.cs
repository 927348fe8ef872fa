using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using IngestionPipeline.Contracts;
using MassTransit;
using RabbitMQ.Client;

namespace IngestionPipeline.Examples.CsvSubscriber.Tests;

/// <summary>
/// The example subscribers as a data team uses them: copied out of the repository to a temp directory, the .NET one
/// (net8.0) built against the packed Contracts package from a local folder feed, the Python one run with Debian's
/// python3-pika; both receive a <see cref="ReportVersionCreated"/> from RabbitMQ.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class ExamplesOutsideRepositoryTests : IDisposable
{
    private readonly string temp = Path.Combine(Path.GetTempPath(), $"examples-outside-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IngestionPipeline.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Cannot find the repository root (IngestionPipeline.sln).");
        }
    }

    [Fact]
    public async Task Csv_subscriber_copied_out_builds_for_net8_against_the_packed_package_and_receives_an_event()
    {
        var broker = RequireBroker();
        var feed = Path.Combine(temp, "feed");
        var copy = Path.Combine(temp, "CsvSubscriber");
        Directory.CreateDirectory(copy);
        // A version of its own, so the global packages folder cannot serve an older build of the package.
        var version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Guid.NewGuid().ToString("N")[..6]}";
        await RunAsync("dotnet", ["pack", Path.Combine(Root, "src", "IngestionPipeline.Contracts"), "-o", feed, $"-p:PackageVersion={version}"], Root, TimeSpan.FromMinutes(5));
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "examples", "CsvSubscriber")).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(copy, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """, Ct);
        await RunAsync("dotnet", ["build", copy, $"-p:ContractsVersion={version}", "-o", Path.Combine(copy, "out")], copy, TimeSpan.FromMinutes(5));
        Assert.True(File.Exists(Path.Combine(copy, "out", "IngestionPipeline.Examples.CsvSubscriber.dll")));
        var runtimeConfig = await File.ReadAllTextAsync(Path.Combine(copy, "out", "IngestionPipeline.Examples.CsvSubscriber.runtimeconfig.json"), Ct);
        Assert.Contains("net8.0", runtimeConfig, StringComparison.Ordinal);

        var queue = $"csv-outside-{Guid.NewGuid():N}";
        var csv = Path.Combine(temp, "versions.csv");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(copy, "out", "IngestionPipeline.Examples.CsvSubscriber.dll")])
        {
            WorkingDirectory = copy,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["RabbitMq__Uri"] = broker.ToString(),
                ["CsvSubscriber__QueueName"] = queue,
                ["CsvSubscriber__OutputPath"] = csv,
                // The example runs on net8.0; the machine may only have a newer runtime.
                ["DOTNET_ROLL_FORWARD"] = "Major",
            },
        };
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitForQueueAsync(broker, queue, process, output);
            var sent = Event();
            await SendToQueueAsync(broker, queue, sent);
            await WaitUntilAsync(() => File.Exists(csv) && File.ReadAllText(csv).Contains(sent.ReportKey, StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => $"no CSV line for the event; subscriber output:\n{output}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await DeleteQueueAsync(broker, queue);
        }
    }

    [Fact]
    public async Task Python_subscriber_copied_out_receives_an_event_with_debian_pika()
    {
        var broker = RequireBroker();
        using (var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import pika"]) { RedirectStandardError = true })!)
        {
            await probe.WaitForExitAsync(Ct);
            if (probe.ExitCode != 0)
            {
                Assert.Skip("python3-pika is not installed (apt-get install python3-pika; .ci/run does).");
            }
        }

        Directory.CreateDirectory(temp);
        var script = Path.Combine(temp, "subscriber.py");
        File.Copy(Path.Combine(Root, "examples", "PythonSubscriber", "subscriber.py"), script);
        var queue = $"py-outside-{Guid.NewGuid():N}";
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, "--uri", broker.ToString(), "--queue", queue, "--count", "1"])
        {
            WorkingDirectory = temp,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        try
        {
            await WaitForQueueAsync(broker, queue, process, errors);
            var sent = Event();
            await SendToQueueAsync(broker, queue, sent);
            var line = await process.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.NotNull(line);
            var received = JsonSerializer.Deserialize<ReportVersionCreated>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            Assert.Equal(sent, received);
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await DeleteQueueAsync(broker, queue);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(temp, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static ReportVersionCreated Event() =>
        new(Guid.NewGuid(), $"2024-示例机关-{Guid.NewGuid():N}", 2, 1, "示例机关", 2024, "gb2021", "fp", 3, 1, new string('a', 64));

    /// <summary>Sends the event to the subscriber's queue only (MassTransit send endpoint), never to the shared exchange.</summary>
    private static async Task SendToQueueAsync(Uri broker, string queue, ReportVersionCreated message)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker));
        await bus.StartAsync(Ct);
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            await endpoint.Send(message, Ct);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitForQueueAsync(Uri broker, string queue, Process process, System.Text.StringBuilder output)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"The subscriber exited with {(process.HasExited ? process.ExitCode : 0)}:\n{output}");
            await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue, Ct);
                if (ok.ConsumerCount > 0)
                {
                    return;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"The subscriber did not consume from {queue} within 60 s:\n{output}");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task DeleteQueueAsync(Uri broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
        await channel.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        await channel.ExchangeDeleteAsync(queue, cancellationToken: CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe());
            await Task.Delay(100, Ct);
        }
    }

    private static async Task RunAsync(string file, string[] arguments, string directory, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Not the repository's settings: the copy must build on its own.
            Environment = { ["MSBuildSDKsPath"] = null, ["MSBUILD_EXE_PATH"] = null, ["DOTNET_HOST_PATH"] = null },
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(timeout, Ct);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static Uri RequireBroker()
    {
        var uri = new Uri(Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } env ? env : "amqp://guest:guest@127.0.0.1:5672/");
        using var client = new TcpClient();
        try
        {
            if (!client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672).Wait(TimeSpan.FromSeconds(3)))
            {
                Assert.Skip($"RabbitMQ not reachable at {uri.Host}:{uri.Port}; set RABBITMQ_URI to run this test.");
            }
        }
        catch (AggregateException e)
        {
            Assert.Skip($"RabbitMQ not reachable at {uri.Host}:{uri.Port} ({e.GetBaseException().Message}).");
        }

        return uri;
    }
}
