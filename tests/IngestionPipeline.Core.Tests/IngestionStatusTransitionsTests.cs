using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Core.Tests;

public sealed class IngestionStatusTransitionsTests
{
    [Theory]
    [InlineData(IngestionStatus.Submitted, IngestionStatus.Extracted, true)]
    [InlineData(IngestionStatus.Extracted, IngestionStatus.Extracted, true)]
    [InlineData(IngestionStatus.Normalized, IngestionStatus.Extracted, false)]
    [InlineData(IngestionStatus.Validated, IngestionStatus.Normalized, false)]
    [InlineData(IngestionStatus.Validated, IngestionStatus.VersionCreated, true)]
    [InlineData(IngestionStatus.Submitted, IngestionStatus.Rejected, true)]
    [InlineData(IngestionStatus.Normalized, IngestionStatus.Failed, true)]
    [InlineData(IngestionStatus.Failed, IngestionStatus.Extracted, true)]
    [InlineData(IngestionStatus.Failed, IngestionStatus.Unchanged, true)]
    [InlineData(IngestionStatus.VersionCreated, IngestionStatus.Failed, false)]
    [InlineData(IngestionStatus.VersionCreated, IngestionStatus.Validated, false)]
    [InlineData(IngestionStatus.Unchanged, IngestionStatus.VersionCreated, false)]
    [InlineData(IngestionStatus.Rejected, IngestionStatus.Failed, false)]
    [InlineData(IngestionStatus.VersionCreated, IngestionStatus.VersionCreated, true)]
    public void Status_moves_only_forward_and_final_statuses_stay(IngestionStatus current, IngestionStatus next, bool allowed) =>
        Assert.Equal(allowed, IngestionStatusTransitions.CanMove(current, next));

    [Fact]
    public void Every_status_can_be_reached_from_submitted_and_from_failed()
    {
        foreach (var status in Enum.GetValues<IngestionStatus>())
        {
            Assert.True(IngestionStatusTransitions.CanMove(IngestionStatus.Submitted, status), $"Submitted → {status}");
            Assert.True(IngestionStatusTransitions.CanMove(IngestionStatus.Failed, status), $"Failed → {status}");
        }
    }
}
