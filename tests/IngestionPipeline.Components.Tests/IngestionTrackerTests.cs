using IngestionPipeline.Components.Tracking;

namespace IngestionPipeline.Components.Tests;

/// <summary>The tracker hears every outcome on the bus: it must not keep them forever.</summary>
public sealed class IngestionTrackerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outcome_before_the_wait_is_kept_until_claimed_then_dropped()
    {
        var clock = new ManualClock();
        var tracker = new IngestionTracker(clock);
        var id = Guid.NewGuid();

        tracker.Complete(new IngestionOutcome(id, IngestionOutcomeKind.VersionCreated, "k", 1));
        Assert.Equal(1, tracker.Count);

        var outcome = await tracker.WaitAsync(id, Ct);

        Assert.Equal("k", outcome.ReportKey);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public async Task Wait_before_the_outcome_completes_and_is_dropped()
    {
        var tracker = new IngestionTracker(new ManualClock());
        var id = Guid.NewGuid();

        var waiting = tracker.WaitAsync(id, Ct);
        tracker.Complete(new IngestionOutcome(id, IngestionOutcomeKind.Unchanged, "k", 2));

        Assert.Equal(IngestionOutcomeKind.Unchanged, (await waiting).Kind);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void Unclaimed_outcomes_are_dropped_after_the_retention()
    {
        var clock = new ManualClock();
        var tracker = new IngestionTracker(clock);
        for (var i = 0; i < 1000; i++)
        {
            tracker.Complete(new IngestionOutcome(Guid.NewGuid(), IngestionOutcomeKind.VersionCreated));
        }

        Assert.Equal(1000, tracker.Count);
        clock.Advance(IngestionTracker.Retention + TimeSpan.FromSeconds(1));
        var last = Guid.NewGuid();
        tracker.Complete(new IngestionOutcome(last, IngestionOutcomeKind.Rejected));

        Assert.Equal(1, tracker.Count);
    }

    [Fact]
    public async Task Cancelled_wait_is_forgotten()
    {
        var tracker = new IngestionTracker(new ManualClock());
        using var cancel = new CancellationTokenSource();
        var waiting = tracker.WaitAsync(Guid.NewGuid(), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, tracker.Count);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
