using Microsoft.Extensions.Options;

namespace IngestionPipeline.ServiceDefaults;

/// <summary>The broker of a host, bound from the <c>RabbitMq</c> section; no URI means the in-memory transport where a host allows it.</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>The broker a worker uses when <see cref="Uri"/> is empty.</summary>
    public const string DefaultUri = "amqp://guest:guest@localhost:5672/";

    /// <summary><c>amqp://</c> or <c>amqps://</c> URI of the broker (<c>RabbitMq__Uri</c>).</summary>
    public string? Uri { get; set; }

    /// <summary>The default of <see cref="StartupTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a worker without a management listener keeps trying an unreachable broker at start-up before it exits
    /// with the problem (<c>RabbitMq__StartupTimeout</c>, e.g. <c>00:00:30</c>); with a listener it waits indefinitely.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = DefaultStartupTimeout;

    /// <summary>The broker, or null when none is configured.</summary>
    public Uri? BrokerUri() => string.IsNullOrWhiteSpace(Uri) ? null : new Uri(Uri, UriKind.Absolute);

    public static bool IsBrokerUri(string value) =>
        System.Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "amqp" || uri.Scheme == "amqps");
}

/// <summary>Checks that <see cref="RabbitMqOptions.Uri"/>, when set, is an <c>amqp://</c> or <c>amqps://</c> URI.</summary>
internal sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StartupTimeout <= TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromHours(1))
        {
            return ValidateOptionsResult.Fail("RabbitMq:StartupTimeout must be between 00:00:01 and 01:00:00.");
        }

        return string.IsNullOrWhiteSpace(options.Uri) || RabbitMqOptions.IsBrokerUri(options.Uri)
            ? ValidateOptionsResult.Success
            // Not echoed: a URI carries the broker's password.
            : ValidateOptionsResult.Fail("RabbitMq:Uri must be an amqp:// or amqps:// URI.");
    }
}
