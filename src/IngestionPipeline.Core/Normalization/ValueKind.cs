namespace IngestionPipeline.Core.Normalization;

/// <summary>What a template column holds; decides which parts of the value grammar apply (spec §7).</summary>
public enum ValueKind
{
    /// <summary>A count of documents, decisions, applications or cases (件, 项).</summary>
    Count,
    /// <summary>An amount of money; <c>万</c> alone means 万元.</summary>
    Money,
    /// <summary>The gb2019 本年增/减 column: signed, and verbal forms such as <c>增 1 减 3</c>.</summary>
    Change,
}
