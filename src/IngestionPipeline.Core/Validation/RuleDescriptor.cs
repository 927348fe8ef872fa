using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>
/// One rule of the catalogue as listed to users (<c>ingest rules</c>, docs/rules.md): stable id, severity,
/// what it checks, and the table it looks at (<c>二</c>, <c>三</c>, <c>四</c>, <c>cross-year</c>, <c>text</c>, <c>inference</c>).
/// </summary>
public sealed record RuleDescriptor(string Id, FindingSeverity Severity, string Description, string Table = "");
