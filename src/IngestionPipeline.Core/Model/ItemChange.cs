namespace IngestionPipeline.Core.Model;

/// <summary>The parts of a gb2019 本年增/减 value such as <c>增 1 减 3</c> (increase 1, decrease 3, net −2).</summary>
public sealed record ItemChange(decimal? Increase, decimal? Decrease, decimal Net);
