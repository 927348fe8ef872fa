using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Api.Models;

/// <summary>The cells that differ between two stored versions of a report.</summary>
public sealed record ReportDiffResponse(string ReportKey, int From, int To, IReadOnlyList<CellChange> Changes);
