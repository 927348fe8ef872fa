using IngestionPipeline.ServiceDefaults;

// The worker host: runs the stages named in Pipeline:Stages on RabbitMQ (RabbitMq:Uri) against the store of the
// Storage section (SQLite in Storage:DataDirectory, or MongoDB at Storage:MongoUri). One image, any subset of
// stages, so the CPU-heavy extract stage scales on its own. `ingest worker` hosts the same thing (WorkerHost,
// on AddServiceDefaults) from the CLI. Management:Urls (default http://0.0.0.0:8080) serves /health/live,
// /health/ready and /metrics.
// A setting that keeps it from starting (store path, broker unreachable past RabbitMq:StartupTimeout without a management
// listener, extraction child) ends it with one line naming the setting and exit code 3.
try
{
    // appsettings.json beside the binaries, whatever the current directory (which relative paths are resolved against).
    using var host = WorkerHost.CreateBuilder(new WorkerHostSettings { Args = args, ContentRootPath = AppContext.BaseDirectory }).Build();
    await WorkerHost.RunAsync(host);
    return 0;
}
catch (Exception e) when (e is StartupProblemException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return StartupProblemException.ExitCode;
}
