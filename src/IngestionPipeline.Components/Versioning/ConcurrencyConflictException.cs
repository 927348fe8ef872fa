namespace IngestionPipeline.Components.Versioning;

/// <summary>Transient: too many concurrent writers on one report. MassTransit's retry handles it.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
