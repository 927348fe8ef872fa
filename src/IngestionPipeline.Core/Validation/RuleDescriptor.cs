using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Validation;

/// <summary>One rule of the catalogue as listed to users (a future <c>rules</c> command): stable id, severity, what it checks.</summary>
public sealed record RuleDescriptor(string Id, FindingSeverity Severity, string Description);
