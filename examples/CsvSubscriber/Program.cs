using IngestionPipeline.Examples.CsvSubscriber;
using MassTransit;

// An example subscriber: every ReportVersionCreated the pipeline publishes on RabbitMQ becomes one line
// of a CSV file. It references only IngestionPipeline.Contracts and MassTransit.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCsvSubscriber(builder.Configuration);
builder.Services.AddMassTransit(bus =>
{
    // No usage telemetry to MassTransit's host: the subscriber talks to its broker only.
    bus.DisableUsageTelemetry();
    bus.AddCsvSubscriberConsumer();
    bus.UsingRabbitMq((context, cfg) =>
    {
        cfg.Host(new Uri(builder.Configuration["RabbitMq:Uri"] ?? "amqp://guest:guest@localhost:5672/"));
        // Declares the queue, binds it to the IngestionPipeline.Contracts:ReportVersionCreated exchange.
        cfg.ConfigureEndpoints(context);
    });
});
builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
await builder.Build().RunAsync();
