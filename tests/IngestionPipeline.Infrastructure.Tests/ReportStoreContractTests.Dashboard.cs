using IngestionPipeline.Core.Storage;

namespace IngestionPipeline.Infrastructure.Tests;

/// <summary>The dashboard's operator query (<see cref="IIngestionProblemQuery"/>), on every adapter.</summary>
public abstract partial class ReportStoreContractTests
{
    [Fact]
    public async Task ListRecentProblems_lists_rejected_and_failed_updated_since_newest_first_up_to_the_limit()
    {
        var store = await CreateStoreAsync();
        var query = Assert.IsAssignableFrom<IIngestionProblemQuery>(store);
        var old = NewSubmission();
        var rejected = NewSubmission();
        var failed = NewSubmission();
        var created = NewSubmission();
        var pending = NewSubmission();
        foreach (var record in new[] { old, rejected, failed, created, pending })
        {
            await store.RecordSubmissionAsync(record, Ct);
        }

        await store.UpdateIngestionAsync(new IngestionUpdate(old.IngestionId, IngestionStatus.Rejected, "extract", T0.AddMinutes(-30), ReasonCode: "OLD"), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(rejected.IngestionId, IngestionStatus.Rejected, "normalize", T0.AddMinutes(5), ReasonCode: "NOT_A_REPORT", Reason: "no title"), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(failed.IngestionId, IngestionStatus.Failed, "store", T0.AddMinutes(7), ReasonCode: "STORE_FAILED"), Ct);
        await store.UpdateIngestionAsync(new IngestionUpdate(created.IngestionId, IngestionStatus.VersionCreated, "store", T0.AddMinutes(8)), Ct);
        await SettleAsync(store);

        // The same instant written with another offset.
        var problems = await query.ListRecentProblemsAsync(T0.AddMinutes(1).ToUniversalTime(), 10, Ct);

        Assert.Equal([failed.IngestionId, rejected.IngestionId], problems.Select(p => p.IngestionId));
        Assert.Equal((IngestionStatus.Rejected, "normalize", "NOT_A_REPORT", "no title"), (problems[1].Status, problems[1].Stage, problems[1].ReasonCode, problems[1].Reason));
        Assert.Equal([failed.IngestionId], (await query.ListRecentProblemsAsync(T0.AddMinutes(1), 1, Ct)).Select(p => p.IngestionId));
        Assert.Equal(3, (await query.ListRecentProblemsAsync(T0.AddHours(-1), 10, Ct)).Count);
        Assert.Empty(await query.ListRecentProblemsAsync(T0.AddHours(1), 10, Ct));
    }
}
