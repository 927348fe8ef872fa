using System.ComponentModel.DataAnnotations;

namespace IngestionPipeline.Components.Extraction;

/// <summary>How untrusted files are extracted. Bound from the <c>Extraction</c> section; see docs/security.md.</summary>
public sealed class ExtractionOptions
{
    public const string SectionName = "Extraction";

    /// <summary><see cref="ExtractionMode.Sandbox"/> (default): child processes; <see cref="ExtractionMode.InProcess"/>: trusted input only.</summary>
    public ExtractionMode Mode { get; set; } = ExtractionMode.Sandbox;

    /// <summary>Warm child processes kept (and the most extractions at once). 0 = the extract concurrency, at least 1.</summary>
    [Range(0, 64)]
    public int PoolSize { get; set; }

    /// <summary>Wall-clock limit of one extraction; the child is killed after it (<c>EXTRACTION_TIMEOUT</c>).</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Resident memory a child may reach; the watchdog kills it above (<c>TOO_LARGE</c>). The child's GC heap hard
    /// limit is set to 3/4 of this, so most overruns end as a clean OutOfMemory answer before the kill.
    /// </summary>
    [Range(64, 65536)]
    public int MaxMemoryMegabytes { get; set; } = 768;

    /// <summary>Attempts, each in a fresh child, before a file whose child died is rejected (<c>EXTRACTOR_CRASHED</c>).</summary>
    [Range(1, 10)]
    public int CrashAttempts { get; set; } = 2;

    /// <summary>A child is replaced after this many files, so slow leaks or fragmentation in a parser cannot accumulate.</summary>
    [Range(1, 1_000_000)]
    public int MaxFilesPerChild { get; set; } = 500;

    /// <summary>
    /// Path of <c>ingest-extract.dll</c> (or an executable); default: beside this assembly. Started with the same
    /// <c>dotnet</c> host as the parent.
    /// </summary>
    public string? ChildPath { get; set; }

    /// <summary>
    /// Optional command line prefixed to the child, e.g. <c>prlimit --nofile=64 --</c> or
    /// <c>systemd-run --user --scope -p MemoryMax=1G --</c>, to add rlimits or a cgroup. It must exec the child
    /// (same pid) for the memory watchdog to see it.
    /// </summary>
    public string? Launcher { get; set; }

    /// <summary>Redeliveries of one message tolerated after the worker process itself died while extracting it.</summary>
    [Range(1, 100)]
    public int MaxRedeliveries { get; set; } = 3;
}
