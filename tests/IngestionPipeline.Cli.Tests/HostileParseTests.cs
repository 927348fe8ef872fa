using System.Diagnostics;
using System.Globalization;
using System.Text;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Cli.Tests;

/// <summary>
/// Issue 13's hostile-input set, each file parsed alone by the real <c>ingest parse</c> process (sandboxed
/// extraction): it ends within 60 s, by exit code and not by a signal, with a report or a stated reason code
/// from the file's allowed set, and no process of the parse (the CLI or its extraction child) goes above 1 GB
/// resident memory.
/// </summary>
[Trait("Tier", "Slow")]
public sealed class HostileParseTests
{
    private const long MemoryBound = 1024L * 1024 * 1024;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Names => [.. HostileFiles.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Parse_hostile_file_ends_in_time_with_a_stated_outcome_and_bounded_memory(string name)
    {
        var hostile = HostileFiles.All.Single(f => f.Name == name);
        using var directory = new TempDirectory("hostile-parse");
        var path = Path.Combine(directory.Path, name);
        await File.WriteAllBytesAsync(path, hostile.Create(), TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ingest.dll"));
        start.ArgumentList.Add("parse");
        start.ArgumentList.Add(path);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var peaks = new Dictionary<int, long>();
        while (!process.HasExited && clock.Elapsed < TimeBound)
        {
            ProcessTreeMemory.RecordPeaks(process.Id, peaks);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{name}: ingest parse still running after {TimeBound.TotalSeconds} s");
        }

        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var elapsed = clock.Elapsed;
        var error = await stderr;
        var output = await stdout;
        var peak = peaks.Count == 0 ? 0 : peaks.Values.Max();
        var line = $"{name}: exit {process.ExitCode} in {elapsed.TotalSeconds:0.0} s, peak {peak / (1024 * 1024)} MB: {error.Trim()}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);

        // 0 = a report, 2 = a rejection; a signal shows as 128 + n, an unhandled exception as another code.
        Assert.True(process.ExitCode is 0 or 2, line);
        var outcome = process.ExitCode == 0 ? HostileFile.Report : ReasonCode(error);
        Assert.True(hostile.AllowedOutcomes.Contains(outcome), $"{line}\nallowed: {string.Join(", ", hostile.AllowedOutcomes)}");
        if (process.ExitCode == 0)
        {
            Assert.StartsWith("{", output.TrimStart(), StringComparison.Ordinal);
        }

        Assert.True(peak <= MemoryBound, line);
        Assert.True(peaks.Count > 0, $"{name}: no memory sample taken");
    }

    private static string ReasonCode(string stderr)
    {
        const string marker = ": rejected: ";
        var at = stderr.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return "(no reason)";
        }

        var rest = stderr[(at + marker.Length)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? rest.Trim() : rest[..colon];
    }
}

/// <summary>Peak resident memory (VmHWM) of a process and its descendants, sampled from /proc.</summary>
internal static class ProcessTreeMemory
{
    public static void RecordPeaks(int rootPid, Dictionary<int, long> peaks)
    {
        foreach (var pid in Tree(rootPid))
        {
            var hwm = HighWaterMark(pid);
            if (hwm > 0)
            {
                peaks[pid] = Math.Max(peaks.GetValueOrDefault(pid), hwm);
            }
        }
    }

    private static IEnumerable<int> Tree(int root)
    {
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            yield return pid;
            string children;
            try
            {
                children = string.Concat(Directory.GetDirectories($"/proc/{pid}/task").Select(t => SafeRead(Path.Combine(t, "children")) + " "));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }
    }

    private static long HighWaterMark(int pid)
    {
        foreach (var line in SafeRead($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
