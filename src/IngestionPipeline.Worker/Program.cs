using IngestionPipeline.Components.Configuration;
using IngestionPipeline.Core.Storage;
using MassTransit;
using Serilog;
using Serilog.Formatting.Compact;

// The worker host: runs the stages named in Pipeline:Stages on RabbitMQ against the store in
// Storage:DataDirectory. One image, any subset of stages, so the CPU-heavy extract stage scales on its own.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSerilog((services, log) =>
{
    log.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
    if (builder.Configuration.GetValue<bool>("Logging:Json"))
    {
        log.WriteTo.Console(new RenderedCompactJsonFormatter());
    }
    else
    {
        log.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} [{Level:u3}] {IngestionId} {SourceContext}: {Message:lj}{NewLine}{Exception}");
    }
});

var dataDirectory = builder.Configuration["Storage:DataDirectory"] ?? "./data";
var rabbitMq = new Uri(builder.Configuration["RabbitMq:Uri"] ?? "amqp://guest:guest@localhost:5672/");
builder.Services.AddRabbitMqPipeline(dataDirectory, rabbitMq, builder.Configuration);
builder.Services.Configure<MassTransitHostOptions>(o =>
{
    o.WaitUntilStarted = true;
    o.StopTimeout = TimeSpan.FromSeconds(30);
});

var host = builder.Build();
await host.Services.GetRequiredService<IReportStore>().InitializeAsync();
await host.RunAsync();
