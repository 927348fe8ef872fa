using System.Diagnostics;
using System.Diagnostics.Metrics;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Components.Observability;

/// <summary>
/// The pipeline's own instruments on the <see cref="MeterName"/> meter (created through <see cref="IMeterFactory"/>,
/// so every service provider has its own meter and tests can listen to just theirs). Exported on <c>/metrics</c>
/// by <see cref="PipelineTelemetry"/>; the Prometheus names are in the README's Operations section.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "IngestionPipeline";

    /// <summary>Stage outcomes on the duration histogram.</summary>
    public static class Outcomes
    {
        /// <summary>The stage published its next event (extract, normalize, validate).</summary>
        public const string Ok = "ok";

        /// <summary>A business rejection: ReportRejected published with a reason code.</summary>
        public const string Rejected = "rejected";

        /// <summary>The store stage appended a new version.</summary>
        public const string Created = "created";

        /// <summary>The store stage found the content already current.</summary>
        public const string Unchanged = "unchanged";
    }

    // From a few milliseconds (validate, store) to minutes (a large PDF, a LibreOffice conversion of a .doc).
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Counter<long> submitted;
    private readonly Counter<long> versionsCreated;
    private readonly Counter<long> unchanged;
    private readonly Counter<long> rejected;
    private readonly Counter<long> failed;
    private readonly Histogram<double> stageDuration;
    private readonly Counter<long> findings;
    private readonly Counter<long> extractionChildrenLost;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        submitted = meter.CreateCounter<long>("ingestion_pipeline.ingestions.submitted", "{ingestion}", "Files accepted by the intake (ReportFileSubmitted published).");
        versionsCreated = meter.CreateCounter<long>("ingestion_pipeline.versions.created", "{version}", "New immutable report versions stored.");
        unchanged = meter.CreateCounter<long>("ingestion_pipeline.ingestions.unchanged", "{ingestion}", "Ingestions whose content was already the current version.");
        rejected = meter.CreateCounter<long>("ingestion_pipeline.ingestions.rejected", "{ingestion}", "Business rejections (ReportRejected), by stage and reason code.");
        failed = meter.CreateCounter<long>("ingestion_pipeline.ingestions.failed", "{ingestion}", "Ingestions whose message exhausted its retries and moved to a stage's _error queue.");
        stageDuration = meter.CreateHistogram(
            "ingestion_pipeline.stage.duration",
            "s",
            "Time a stage consumer spent on one message, by stage and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        findings = meter.CreateCounter<long>("ingestion_pipeline.validation.findings", "{finding}", "Validation findings, by rule id and severity.");
        extractionChildrenLost = meter.CreateCounter<long>(
            "ingestion_pipeline.extraction.children_lost",
            "{process}",
            "Extraction sandbox children killed or dead, by reason (crashed, timeout, memory).");
    }

    /// <summary>A timestamp to hand back to the recording methods once the stage is done.</summary>
    public static long StartTimer() => Stopwatch.GetTimestamp();

    public void Submitted() => submitted.Add(1);

    /// <summary>A stage finished its message and published the next event.</summary>
    public void StageCompleted(string stage, long startTimestamp) => RecordDuration(stage, Outcomes.Ok, startTimestamp);

    public void Rejected(string stage, string reasonCode, long startTimestamp)
    {
        rejected.Add(1, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("reason_code", reasonCode));
        RecordDuration(stage, Outcomes.Rejected, startTimestamp);
    }

    public void VersionCreated(long startTimestamp)
    {
        versionsCreated.Add(1);
        RecordDuration(StageNames.Store, Outcomes.Created, startTimestamp);
    }

    public void Unchanged(long startTimestamp)
    {
        unchanged.Add(1);
        RecordDuration(StageNames.Store, Outcomes.Unchanged, startTimestamp);
    }

    /// <summary>A stage gave up on a message (recorded once, by the fault consumer, not per retry).</summary>
    public void Failed(string stage) => failed.Add(1, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>The extraction sandbox lost a child (it crashed, timed out or hit the memory limit).</summary>
    public void ExtractionChildLost(string reason) => extractionChildrenLost.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ValidationFindings(IEnumerable<Finding> reportFindings)
    {
        ArgumentNullException.ThrowIfNull(reportFindings);
        foreach (var finding in reportFindings)
        {
            findings.Add(
                1,
                new KeyValuePair<string, object?>("rule_id", finding.RuleId),
                new KeyValuePair<string, object?>("severity", SeverityTag(finding.Severity)));
        }
    }

    private static string SeverityTag(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    private void RecordDuration(string stage, string outcome, long startTimestamp) =>
        stageDuration.Record(
            Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("stage", stage),
            new KeyValuePair<string, object?>("outcome", outcome));
}
