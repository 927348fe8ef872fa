using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IngestionPipeline.Core.Extraction;
using IngestionPipeline.Core.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionPipeline.Components.Extraction;

/// <summary>
/// Extraction of untrusted files in supervised child processes (Apache Tika's forked mode): a pool of warm
/// <c>ingest-extract</c> children, each reused for many files and replaced after a crash, a timeout, the memory
/// limit or <see cref="ExtractionOptions.MaxFilesPerChild"/> files. A child that dies or overruns becomes a
/// rejection (<c>EXTRACTOR_CRASHED</c>, <c>EXTRACTION_TIMEOUT</c>, <c>TOO_LARGE</c>); this process lives on.
/// </summary>
public sealed class ExtractionSandbox : IExtractionService, IDisposable
{
    /// <summary>Name of the child's assembly, published beside Components by the project reference.</summary>
    public const string ChildAssemblyFileName = "ingest-extract.dll";

    private readonly ExtractionOptions options;
    private readonly long maxFileBytes;
    private readonly ILogger logger;
    private readonly Action<string>? childLost;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentBag<SandboxChild> idle = [];
    private readonly ConcurrentDictionary<int, SandboxChild> live = new();
    private readonly ProcessStartInfo startInfo;
    private int disposed;

    /// <param name="options">Pool size, limits and child location.</param>
    /// <param name="maxFileBytes">Files above this are refused before any child sees them.</param>
    /// <param name="logger">Logs each lost child.</param>
    /// <param name="childLost">Called with <c>crashed</c>, <c>timeout</c> or <c>memory</c> each time a child is lost (metrics).</param>
    public ExtractionSandbox(ExtractionOptions options, long maxFileBytes, ILogger? logger = null, Action<string>? childLost = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.maxFileBytes = maxFileBytes;
        this.logger = logger ?? NullLogger.Instance;
        this.childLost = childLost;
        PoolSize = Math.Max(1, options.PoolSize);
        slots = new SemaphoreSlim(PoolSize, PoolSize);
        startInfo = CreateStartInfo(options, maxFileBytes);
    }

    public int PoolSize { get; }

    /// <summary>Process ids of the children alive now (tests and diagnostics).</summary>
    public IReadOnlyCollection<int> ChildProcessIds => live.Keys.ToArray();

    public async Task<Outcome<ExtractedDocument>> ExtractAsync(RawFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (file.Content.Length > maxFileBytes)
        {
            return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"The file has {file.Content.Length} bytes; the limit is {maxFileBytes}.");
        }

        string? lastCrash = null;
        for (var attempt = 1; attempt <= options.CrashAttempts; attempt++)
        {
            await slots.WaitAsync(cancellationToken);
            SandboxChild? child = null;
            try
            {
                child = TakeOrStart();
                var result = await child.RunAsync(
                    file,
                    TimeSpan.FromSeconds(options.TimeoutSeconds),
                    (long)options.MaxMemoryMegabytes * 1024 * 1024,
                    cancellationToken);
                switch (result.Failure)
                {
                    case ChildFailure.None:
                        if (++child.FilesDone < options.MaxFilesPerChild && !child.ChildExits && !child.HasExited)
                        {
                            idle.Add(child);
                            child = null;
                        }

                        return result.Outcome;
                    case ChildFailure.Timeout:
                        Lost("timeout", file, result.Detail);
                        return Outcome<ExtractedDocument>.Reject(ReasonCodes.ExtractionTimeout, $"Extraction took longer than {options.TimeoutSeconds} s; stopped.");
                    case ChildFailure.Memory:
                        Lost("memory", file, result.Detail);
                        return Outcome<ExtractedDocument>.Reject(ReasonCodes.TooLarge, $"Extraction needed more than {options.MaxMemoryMegabytes} MB of memory; stopped.");
                    default:
                        Lost("crashed", file, result.Detail);
                        lastCrash = result.Detail;
                        break;
                }
            }
            finally
            {
                if (child is not null)
                {
                    Retire(child);
                }

                slots.Release();
            }
        }

        return Outcome<ExtractedDocument>.Reject(
            ReasonCodes.ExtractorCrashed,
            $"The extraction process died on this file {options.CrashAttempts} time(s) ({lastCrash}).");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        foreach (var child in live.Values)
        {
            child.Dispose();
        }

        live.Clear();
        slots.Dispose();
    }

    /// <summary>Where the child is started from: <see cref="ExtractionOptions.ChildPath"/>, else <c>ingest-extract.dll</c> beside this assembly.</summary>
    public static string ResolveChildPath(ExtractionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ChildPath is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Path.GetDirectoryName(typeof(ExtractionSandbox).Assembly.Location) ?? AppContext.BaseDirectory, ChildAssemblyFileName);
    }

    private static ProcessStartInfo CreateStartInfo(ExtractionOptions options, long maxFileBytes)
    {
        var childPath = ResolveChildPath(options);
        if (!File.Exists(childPath))
        {
            throw new FileNotFoundException($"The extraction child {childPath} is missing (Extraction:ChildPath).", childPath);
        }

        var command = new List<string>();
        if (options.Launcher is { Length: > 0 } launcher)
        {
            command.AddRange(launcher.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (childPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add(DotnetHost());
            command.Add("exec");
        }

        command.Add(childPath);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        // A managed heap limit below the watchdog's: most blow-ups end as an OutOfMemoryException the child
        // answers with TOO_LARGE, the kill is the backstop for native memory.
        var heapLimit = (long)options.MaxMemoryMegabytes * 1024 * 1024 * 3 / 4;
        start.Environment["DOTNET_GCHeapHardLimit"] = heapLimit.ToString("X", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_GCConserveMemory"] = "5";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["INGEST_EXTRACT_MAX_FILE_BYTES"] = maxFileBytes.ToString(CultureInfo.InvariantCulture);
        return start;
    }

    /// <summary>The <c>dotnet</c> host running this process, so the child uses the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private SandboxChild TakeOrStart()
    {
        while (idle.TryTake(out var child))
        {
            if (!child.HasExited)
            {
                return child;
            }

            Retire(child);
        }

        var started = SandboxChild.Start(startInfo);
        live[started.ProcessId] = started;
        return started;
    }

    private void Retire(SandboxChild child)
    {
        live.TryRemove(child.ProcessId, out _);
        child.Dispose();
    }

    private void Lost(string reason, RawFile file, string? detail)
    {
        logger.LogWarning("Extraction child lost ({ChildLoss}) on {FileName}: {Detail}", reason, file.FileName, detail);
        childLost?.Invoke(reason);
    }
}
