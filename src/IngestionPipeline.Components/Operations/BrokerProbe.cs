using System.Net.Sockets;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionPipeline.Components.Operations;

/// <summary>
/// One AMQP connection attempt, bounded in time, that answers why a broker cannot be used (refused, unknown host,
/// credentials, timeout) in one line without credentials; a host checks it before MassTransit starts its own
/// reconnect loop, so that a wrong <c>RabbitMq:Uri</c> ends in seconds with the setting named.
/// </summary>
public static class BrokerProbe
{
    /// <summary>Time one attempt may take, connection and AMQP handshake together.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Connects to <paramref name="rabbitMqUri"/> and closes again; null when that worked, else the problem as one line
    /// naming the broker by host:port (never the password).
    /// </summary>
    public static async Task<string?> ProbeAsync(Uri rabbitMqUri, TimeSpan? attemptTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rabbitMqUri);
        var timeout = attemptTimeout ?? DefaultAttemptTimeout;
        var where = $"{rabbitMqUri.Host}:{(rabbitMqUri.Port > 0 ? rabbitMqUri.Port : 5672)}";
        var factory = new ConnectionFactory
        {
            Uri = rabbitMqUri,
            ClientProvidedName = "ingest-startup-probe",
            RequestedConnectionTimeout = timeout,
            HandshakeContinuationTimeout = timeout,
            AutomaticRecoveryEnabled = false,
        };
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            await using var connection = await factory.CreateConnectionAsync(attempt.Token);
            await connection.CloseAsync(attempt.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"RabbitMQ at {where} did not answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (BrokerUnreachableException e) when (e.InnerException is AuthenticationFailureException or PossibleAuthenticationFailureException)
        {
            return $"RabbitMQ at {where} refused the user name or password";
        }
        catch (AuthenticationFailureException)
        {
            return $"RabbitMQ at {where} refused the user name or password";
        }
        catch (Exception e) when (e is BrokerUnreachableException or SocketException or IOException or TimeoutException or OperationInterruptedException)
        {
            return $"Cannot reach RabbitMQ at {where}: {Describe(e)}";
        }
    }

    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "unknown host",
                    SocketError.TimedOut => "timed out",
                    _ => socket.Message,
                };
            }
        }

        return e.GetBaseException().Message.ReplaceLineEndings(" ");
    }
}
