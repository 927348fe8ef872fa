using IngestionPipeline.Core.Export;

namespace IngestionPipeline.Components.Export;

/// <summary>The type of an export column, which decides its CSV text, its XLSX cell and its Parquet field.</summary>
public enum ExportColumnKind
{
    /// <summary>Text, possibly null.</summary>
    Text,
    /// <summary>A whole number, never null.</summary>
    Integer,
    /// <summary>A decimal number, null when the cell holds none.</summary>
    Number,
    /// <summary>True or false.</summary>
    Flag,
    /// <summary>An instant, written in UTC.</summary>
    Time,
}

/// <summary>One column of an export table: its name (the same in every format), its kind and how to read it from a row.</summary>
public sealed record ExportColumn<TRow>(string Name, ExportColumnKind Kind, Func<TRow, object?> Get);

/// <summary>The columns of the <em>cells</em> and <em>reports</em> tables, in order. One list drives all three formats.</summary>
public static class ExportColumns
{
    public static IReadOnlyList<ExportColumn<CellExportRow>> Cells { get; } =
    [
        new("report_key", ExportColumnKind.Text, r => r.ReportKey),
        new("organization", ExportColumnKind.Text, r => r.Organization),
        new("organization_normalized", ExportColumnKind.Text, r => r.OrganizationNormalized),
        new("region", ExportColumnKind.Text, r => r.Region),
        new("year", ExportColumnKind.Integer, r => r.Year),
        new("template_version", ExportColumnKind.Text, r => r.TemplateVersion),
        new("version", ExportColumnKind.Integer, r => r.Version),
        new("table", ExportColumnKind.Text, r => r.Table),
        new("row", ExportColumnKind.Text, r => r.Row),
        new("column", ExportColumnKind.Text, r => r.Column),
        new("path", ExportColumnKind.Text, r => r.Path),
        new("value", ExportColumnKind.Number, r => r.Value),
        new("semantic", ExportColumnKind.Text, r => r.Semantic),
        new("raw", ExportColumnKind.Text, r => r.Raw),
        new("unit", ExportColumnKind.Text, r => r.Unit),
        new("inferred", ExportColumnKind.Flag, r => r.Inferred),
        new("finding_ids", ExportColumnKind.Text, r => r.FindingIds),
    ];

    public static IReadOnlyList<ExportColumn<ReportExportRow>> Reports { get; } =
    [
        new("report_key", ExportColumnKind.Text, r => r.ReportKey),
        new("version", ExportColumnKind.Integer, r => r.Version),
        new("current", ExportColumnKind.Flag, r => r.Current),
        new("organization", ExportColumnKind.Text, r => r.Organization),
        new("organization_normalized", ExportColumnKind.Text, r => r.OrganizationNormalized),
        new("region", ExportColumnKind.Text, r => r.Region),
        new("year", ExportColumnKind.Integer, r => r.Year),
        new("template_version", ExportColumnKind.Text, r => r.TemplateVersion),
        new("title", ExportColumnKind.Text, r => r.Title),
        new("source_file_name", ExportColumnKind.Text, r => r.SourceFileName),
        new("source_sha256", ExportColumnKind.Text, r => r.SourceSha256),
        new("ingestion_id", ExportColumnKind.Text, r => r.IngestionId.ToString("D")),
        new("created_at", ExportColumnKind.Time, r => r.CreatedAt),
        new("findings", ExportColumnKind.Integer, r => r.Findings),
        new("errors", ExportColumnKind.Integer, r => r.Errors),
        new("warnings", ExportColumnKind.Integer, r => r.Warnings),
        new("infos", ExportColumnKind.Integer, r => r.Infos),
        new("source_inconsistencies", ExportColumnKind.Integer, r => r.SourceInconsistencies),
        new("extraction_suspects", ExportColumnKind.Integer, r => r.ExtractionSuspects),
        new("missing_cells", ExportColumnKind.Integer, r => r.MissingCells),
        new("new_received", ExportColumnKind.Number, r => r.NewReceived),
        new("carried_over", ExportColumnKind.Number, r => r.CarriedOver),
        new("total_processed", ExportColumnKind.Number, r => r.TotalProcessed),
        new("carried_forward", ExportColumnKind.Number, r => r.CarriedForward),
        new("granted", ExportColumnKind.Number, r => r.Granted),
        new("review_total", ExportColumnKind.Number, r => r.ReviewTotal),
        new("litigation_total", ExportColumnKind.Number, r => r.LitigationTotal),
    ];
}
