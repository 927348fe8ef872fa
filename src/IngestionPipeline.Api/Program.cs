using IngestionPipeline.Api;

// The HTTP API: intake (file upload, URL) and read access to versioned reports, on the store of the Storage
// section (SQLite in Storage:DataDirectory, or MongoDB at Storage:MongoUri). Embedded pipeline by default;
// intake-only next to RabbitMQ workers when RabbitMq:Uri is set. See ApiHost for the wiring.
var builder = WebApplication.CreateBuilder(args);
var app = await ApiHost.BuildAsync(builder);
await app.RunAsync();
