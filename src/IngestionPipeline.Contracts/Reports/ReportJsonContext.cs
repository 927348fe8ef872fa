using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IngestionPipeline.Contracts.Reports;

/// <summary>
/// System.Text.Json source-generated metadata of the canonical report: camelCase names, null members not written
/// (except where the contract writes <c>null</c>: a cell's <c>value</c> and <c>raw</c>, an absent section), nullable
/// annotations and required members enforced when reading. <see cref="Contract"/> adds the contract's writer
/// settings (non-ASCII text written as is).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CanonicalReport))]
public sealed partial class ReportJsonContext : JsonSerializerContext
{
    private static readonly Lazy<ReportJsonContext> ContractContext = new(() => new ReportJsonContext(new JsonSerializerOptions(Default!.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }));

    /// <summary>The context with the contract's settings: compact, Chinese and other non-ASCII text not escaped.</summary>
    public static ReportJsonContext Contract => ContractContext.Value;
}
