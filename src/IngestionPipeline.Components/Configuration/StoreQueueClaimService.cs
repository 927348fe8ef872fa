using IngestionPipeline.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Components.Configuration;

/// <summary>
/// Runs the <see cref="StoreQueueClaim"/> before the bus starts (it is registered before MassTransit's hosted
/// service). Another store's claim fails the start. An unreachable broker does not: the bus would fail or retry on
/// its own (a worker with a management listener keeps running until the broker is back), so the claim is retried in
/// the background and a conflict found then stops the application.
/// </summary>
internal sealed class StoreQueueClaimService(
    IReportStore store,
    StoreQueueClaimSettings settings,
    IHostApplicationLifetime lifetime,
    ILogger<StoreQueueClaimService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource stopping = new();
    private Task? background;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var storeId = await store.GetStoreIdAsync(cancellationToken);
        try
        {
            await ClaimAsync(storeId, cancellationToken);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            logger.LogWarning("Cannot check the store claim of the queues yet ({Reason}); retrying every {RetrySeconds} s", e.GetBaseException().Message, RetryInterval.TotalSeconds);
            background = RetryAsync(storeId, stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (background is not null)
        {
            await background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => stopping.Dispose();

    private async Task ClaimAsync(string storeId, CancellationToken cancellationToken)
    {
        var holder = await StoreQueueClaim.ClaimAsync(settings.RabbitMqUri, settings.QueuePrefix, storeId, settings.CreateClaim, cancellationToken);
        logger.LogInformation(
            "Queues with prefix {QueuePrefix} {ClaimState} store {StoreId}",
            settings.QueuePrefix ?? "(none)", holder is null ? "are not claimed yet; this intake uses" : "belong to", storeId);
    }

    private async Task RetryAsync(string storeId, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryInterval, cancellationToken);
                await ClaimAsync(storeId, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreQueueConflictException e)
            {
                logger.LogCritical(e, "Stopping: {Reason}", e.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                logger.LogDebug("Store claim still unreachable: {Reason}", e.GetBaseException().Message);
            }
        }
    }

    private static bool IsUnreachable(Exception e) =>
        e is BrokerUnreachableException or ConnectFailureException or AlreadyClosedException or OperationInterruptedException or IOException or TimeoutException
            or System.Net.Sockets.SocketException;
}

/// <summary>What <see cref="StoreQueueClaimService"/> checks: the broker, the prefix, and whether this process may make the claim.</summary>
internal sealed record StoreQueueClaimSettings(Uri RabbitMqUri, string? QueuePrefix, bool CreateClaim);
