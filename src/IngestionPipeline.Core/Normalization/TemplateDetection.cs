using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Normalization;

/// <summary>The detected template version, whether labels of both versions were seen, and which signals fired.</summary>
internal sealed record TemplateDetection(TemplateVersion Version, bool Mixed, IReadOnlyList<string> Signals);
