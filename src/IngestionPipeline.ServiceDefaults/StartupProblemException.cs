namespace IngestionPipeline.ServiceDefaults;

/// <summary>
/// A host cannot start because of its configuration or surroundings (broker unreachable, store path unusable, a tool
/// missing). <see cref="Exception.Message"/> is one line for the operator naming the problem and the setting to
/// change; hosts print it alone (no stack trace) and exit with <see cref="ExitCode"/>.
/// </summary>
public sealed class StartupProblemException : Exception
{
    /// <summary>The exit code of a process that could not start.</summary>
    public const int ExitCode = 3;

    public StartupProblemException()
    {
    }

    public StartupProblemException(string message)
        : base(message)
    {
    }

    public StartupProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
