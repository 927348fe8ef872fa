using System.Diagnostics;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Extraction.Sandbox;
using IngestionPipeline.Core.Parsing;

namespace IngestionPipeline.Components.Extraction;

/// <summary>
/// One <c>ingest-extract</c> child process: runs one request at a time, watched for time and resident memory.
/// Timeouts and the memory limit are enforced by killing the process (a blocking pipe read cannot be cancelled
/// reliably, a dead child's pipe always ends).
/// </summary>
internal sealed class SandboxChild : IDisposable
{
    private const int StderrHeadLines = 3;

    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly List<string> stderrHead = [];

    private SandboxChild(Process process)
    {
        this.process = process;
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            // The first lines say what happened ("Stack overflow.", the exception); the rest is a stack trace.
            lock (stderrHead)
            {
                if (stderrHead.Count < StderrHeadLines)
                {
                    stderrHead.Add(e.Data.Length > 160 ? e.Data[..160] + "…" : e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public int ProcessId => process.Id;

    public int FilesDone { get; set; }

    /// <summary>The child said it exits after its last answer (memory limit): do not reuse it.</summary>
    public bool ChildExits { get; private set; }

    public bool HasExited
    {
        get
        {
            try
            {
                return process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public static SandboxChild Start(ProcessStartInfo startInfo)
    {
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start the extraction child {startInfo.FileName}.");
        return new SandboxChild(process);
    }

    public async Task<ChildResult> RunAsync(RawFile file, TimeSpan timeout, long maxResidentBytes, CancellationToken cancellationToken)
    {
        var timedOut = false;
        var overMemory = false;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        using var timer = new CancellationTokenSource(timeout);
        await using var onTimeout = timer.Token.Register(() =>
        {
            timedOut = true;
            Kill();
        });
        await using var onCancel = cancellationToken.Register(Kill);
        var watchdog = Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var resident = ResidentBytes();
                    peak = Math.Max(peak, resident);
                    if (resident > maxResidentBytes)
                    {
                        overMemory = true;
                        Kill();
                        return;
                    }

                    try
                    {
                        await Task.Delay(50, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            },
            CancellationToken.None);
        try
        {
            await ExtractionProtocol.WriteRequestAsync(input, file, CancellationToken.None);
            var (outcome, exits) = await ExtractionProtocol.ReadResponseAsync(output, CancellationToken.None);
            ChildExits = exits;
            return new ChildResult(outcome, ChildFailure.None, null);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or InvalidDataException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Kill();
            var exit = await ExitDescriptionAsync();
            if (overMemory)
            {
                return new ChildResult(default, ChildFailure.Memory, $"resident memory above {maxResidentBytes / (1024 * 1024)} MB");
            }

            return timedOut
                ? new ChildResult(default, ChildFailure.Timeout, $"no answer within {timeout.TotalSeconds:0} s")
                : new ChildResult(default, ChildFailure.Crashed, exit);
        }
        finally
        {
            await stop.CancelAsync();
            await watchdog;
        }
    }

    public void Dispose()
    {
        try
        {
            input.Dispose();
        }
        catch (IOException)
        {
            // The child is gone already.
        }

        Kill();
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    private long ResidentBytes()
    {
        try
        {
            // /proc/<pid>/statm: the second field is resident pages. Cheaper than Process.Refresh().
            var statm = File.ReadAllText($"/proc/{process.Id}/statm");
            var fields = statm.Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            try
            {
                process.Refresh();
                return process.WorkingSet64;
            }
            catch (InvalidOperationException)
            {
                return 0;
            }
        }
    }

    private async Task<string> ExitDescriptionAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return "the child stopped answering";
        }

        string tail;
        lock (stderrHead)
        {
            tail = string.Join(" | ", stderrHead);
        }

        var code = process.ExitCode;
        var how = code > 128 ? $"signal {code - 128}" : $"exit code {code}";
        return tail.Length == 0 ? how : $"{how}: {tail}";
    }
}

/// <summary>What one request to a child produced.</summary>
internal readonly record struct ChildResult(Outcome<ExtractedDocument> Outcome, ChildFailure Failure, string? Detail);

/// <summary>Why a child did not answer.</summary>
internal enum ChildFailure
{
    None,
    Crashed,
    Timeout,
    Memory,
}
