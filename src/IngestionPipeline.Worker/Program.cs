using IngestionPipeline.ServiceDefaults;

// The worker host: runs the stages named in Pipeline:Stages on RabbitMQ (RabbitMq:Uri) against the store of the
// Storage section (SQLite in Storage:DataDirectory, or MongoDB at Storage:MongoUri). One image, any subset of
// stages, so the CPU-heavy extract stage scales on its own. `ingest worker` hosts the same thing (WorkerHost,
// on AddServiceDefaults) from the CLI. Management:Urls (default http://0.0.0.0:8080) serves /health/live,
// /health/ready and /metrics.
using var host = WorkerHost.CreateBuilder(new WorkerHostSettings { Args = args }).Build();
await WorkerHost.RunAsync(host);
