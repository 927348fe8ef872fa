using IngestionPipeline.Components.Configuration;

// The worker host: runs the stages named in Pipeline:Stages on RabbitMQ against the store in
// Storage:DataDirectory (or MongoDB at Storage:MongoUri). One image, any subset of stages, so the CPU-heavy
// extract stage scales on its own. `ingest worker` hosts the same thing (WorkerHost) from the CLI.
// Management:Urls (default http://0.0.0.0:8080) serves /health/live, /health/ready and /metrics.
using var host = WorkerHost.CreateBuilder(new WorkerHostSettings { Args = args }).Build();
await WorkerHost.RunAsync(host);
