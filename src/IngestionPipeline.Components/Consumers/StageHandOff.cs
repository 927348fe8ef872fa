using System.Text;
using IngestionPipeline.Contracts;
using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionPipeline.Components.Consumers;

/// <summary>A stage's output as it leaves for the next stage.</summary>
/// <param name="Inline">The output as UTF-8 JSON when it travels in the message; null when it went by claim check.</param>
/// <param name="ClaimChecks">1 when the output was stored as a claim check, else 0.</param>
public readonly record struct StageOutput(byte[]? Inline, int ClaimChecks);

/// <summary>
/// What a stage message brings from the stage before: where its input is (<see cref="Inline"/> or the artifact
/// <see cref="ArtifactStage"/>) and how many claim checks the ingestion holds so far.
/// </summary>
public readonly record struct StageInput(Guid IngestionId, string Stage, string? ArtifactStage, byte[]? Inline, int ClaimChecks, string RawSha256, string FileName)
{
    /// <summary>Reads the stage message types (<see cref="ReportFileSubmitted"/> … <see cref="ReportValidated"/>); false for any other message.</summary>
    public static bool TryRead(object message, out StageInput input)
    {
        input = message switch
        {
            ReportFileSubmitted m => new StageInput(m.IngestionId, StageNames.Extract, null, null, 0, m.RawSha256, m.FileName),
            ReportExtracted m => new StageInput(m.IngestionId, StageNames.Normalize, m.ArtifactStage, m.Document, m.Document is null ? 1 : 0, m.RawSha256, m.FileName),
            ReportNormalized m => new StageInput(m.IngestionId, StageNames.Validate, m.ArtifactStage, m.Report, Math.Max(m.ClaimChecks, m.Report is null ? 1 : 0), m.RawSha256, m.FileName),
            ReportValidated m => new StageInput(m.IngestionId, StageNames.Store, m.ArtifactStage, m.Report, Math.Max(m.ClaimChecks, m.Report is null ? 1 : 0), m.RawSha256, m.FileName),
            _ => default,
        };
        return input.Stage is not null;
    }
}

/// <summary>
/// The one hand-off between stages: an output up to <see cref="ArtifactOptions.InlineLimitBytes"/> travels in the
/// message, a larger one is stored as an artifact and the message carries a claim check (the ingestion id and the
/// stage name). Nothing here is durable on its own account: a lost message is redelivered from the stage before,
/// which produces the output again. Artifacts are kept as <see cref="ArtifactOptions.Keep"/> says.
/// </summary>
public sealed class StageHandOff(IReportStore store, IOptions<ArtifactOptions> options, ILogger<StageHandOff> logger)
{
    private ArtifactOptions Options => options.Value;

    /// <summary>Hands <paramref name="json"/>, the output of <paramref name="stage"/>, to the next stage.</summary>
    public async Task<StageOutput> HandOffAsync(Guid ingestionId, string stage, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        var inline = bytes.Length <= Options.InlineLimitBytes;
        if (!inline || Options.Keep == ArtifactRetention.All)
        {
            await store.PutArtifactAsync(ingestionId, stage, json, cancellationToken);
        }

        return inline ? new StageOutput(bytes, 0) : new StageOutput(null, 1);
    }

    /// <summary>The JSON a stage message brings: inline, or read back from its claim check.</summary>
    /// <exception cref="ArtifactMissingException">The message has a claim check but the artifact is not in the store.</exception>
    public async Task<string> ReadAsync(Guid ingestionId, string artifactStage, byte[]? inline, CancellationToken cancellationToken) =>
        inline is not null
            ? Encoding.UTF8.GetString(inline)
            : await store.GetArtifactAsync(ingestionId, artifactStage, cancellationToken) ?? throw new ArtifactMissingException(ingestionId, artifactStage);

    /// <summary>
    /// A stage rejected <paramref name="input"/> or gave up on it: keeps the input for debugging (unless
    /// <see cref="ArtifactRetention.None"/>). A claim check is already an artifact; an inline input is stored under its
    /// artifact stage. With <see cref="ArtifactRetention.None"/> a rejected ingestion's claim checks are deleted,
    /// since nothing will read them again; a failed one keeps them, because its message can be redriven.
    /// </summary>
    public async Task KeepFailedInputAsync(StageInput input, bool rejected, CancellationToken cancellationToken)
    {
        switch (Options.Keep)
        {
            case ArtifactRetention.None when rejected:
                await ReleaseAsync(input.IngestionId, input.ClaimChecks, cancellationToken);
                break;
            case ArtifactRetention.Failed when input is { Inline: not null, ArtifactStage: not null }:
                await store.PutArtifactAsync(input.IngestionId, input.ArtifactStage, Encoding.UTF8.GetString(input.Inline), cancellationToken);
                break;
        }
    }

    /// <summary>The ingestion is complete: deletes its claim checks (a no-op when it has none, or when every artifact is kept).</summary>
    public async Task ReleaseAsync(Guid ingestionId, int claimChecks, CancellationToken cancellationToken)
    {
        if (claimChecks == 0 || Options.Keep == ArtifactRetention.All)
        {
            return;
        }

        try
        {
            await store.DeleteArtifactsAsync(ingestionId, cancellationToken);
        }
        catch (NotSupportedException e)
        {
            // A store adapter without deletion: the claim checks stay (as every artifact did before); never fail an ingestion for it.
            logger.LogWarning("Claim checks of ingestion {IngestionId} kept: {Reason}", ingestionId, e.Message);
        }
    }
}
