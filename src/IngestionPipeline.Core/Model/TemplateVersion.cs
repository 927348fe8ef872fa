namespace IngestionPipeline.Core.Model;

/// <summary>The national template a report (or one of its tables) follows.</summary>
public enum TemplateVersion
{
    /// <summary>The 2019 trial format, used for report years 2019 and 2020.</summary>
    Gb2019,
    /// <summary>The official 2021 format (国办公开办函〔2021〕30号), report years 2021 onward.</summary>
    Gb2021,
}

/// <summary>Wire names of <see cref="TemplateVersion"/>.</summary>
public static class TemplateVersionNames
{
    public static string ToWire(this TemplateVersion version) => version switch
    {
        TemplateVersion.Gb2019 => "gb2019",
        TemplateVersion.Gb2021 => "gb2021",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };

    public static TemplateVersion Parse(string wire) => wire switch
    {
        "gb2019" => TemplateVersion.Gb2019,
        "gb2021" => TemplateVersion.Gb2021,
        _ => throw new FormatException($"Unknown template version '{wire}'."),
    };
}
