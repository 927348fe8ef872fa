using IngestionPipeline.Api;
using IngestionPipeline.ServiceDefaults;

// The HTTP API: intake (file upload, URL) and read access to versioned reports, on the store of the Storage
// section (SQLite in Storage:DataDirectory, or MongoDB at Storage:MongoUri). Embedded pipeline by default;
// intake-only next to RabbitMQ workers when RabbitMq:Uri is set. See ApiHost for the wiring.
// A setting that keeps it from starting (store path, broker, extraction child) ends it with one line naming the setting.
try
{
    // appsettings.json beside the binaries, whatever the current directory (which relative paths are resolved against).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    var app = await ApiHost.BuildAsync(builder);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupProblemException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return StartupProblemException.ExitCode;
}
