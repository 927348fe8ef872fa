using IngestionPipeline.Api;

// The HTTP API: intake (file upload, URL) and read access to versioned reports, on the store of the Storage
// section (SQLite in Storage:DataDirectory, or MongoDB at Storage:MongoUri). Embedded pipeline by default;
// intake-only next to RabbitMQ workers when RabbitMq:Uri is set. See ApiHost for the wiring.
// appsettings*.json are read from the application's own directory, whatever the current directory: an API started
// from another folder (a service manager, a script) must not silently run without its configuration.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var app = await ApiHost.BuildAsync(builder);
await app.RunAsync();
