using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using IngestionPipeline.Api.Endpoints;
using IngestionPipeline.Api.Logging;
using IngestionPipeline.Api.OpenApi;
using IngestionPipeline.Api.Security;
using IngestionPipeline.Components.Intake;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.ServiceDefaults;

namespace IngestionPipeline.Api;

/// <summary>
/// Builds the API application from a <see cref="WebApplicationBuilder"/>, so that <c>Program</c> and the
/// tests (which bind Kestrel to a free port and a temp store) run exactly the same wiring.
/// </summary>
public static class ApiHost
{
    /// <summary>Registers services, builds the app, initializes the store and maps every endpoint.</summary>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConfigureServices(builder);
        var app = builder.Build();
        await StartupChecks.EnsureAsync(app.Services, StartupChecks.InteractiveBrokerDeadline, cancellationToken: cancellationToken);
        await app.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        ConfigurePipeline(app);
        return app;
    }

    public static void ConfigureServices(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Logging, health, metrics, options, and the store (Storage section: SQLite or MongoDB) and bus: without
        // RabbitMq:Uri the whole pipeline runs in this process; with it, the API only submits to the workers' queues.
        builder.AddServiceDefaults(new ServiceDefaultsSettings { Role = PipelineRole.Intake });
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddUrlDownloader();
        services.AddDashboard();
        services.AddProblemDetails();
        services.Configure<ExceptionHandlerOptions>(o =>
        {
            // A request Kestrel or the form reader finds malformed or too large (a body over the limit, a truncated
            // chunk, a bad JSON body) is the client's fault: its own 4xx status, never a 500.
            o.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        });
        services.AddOpenApi();
        services.AddApiReference();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Organization names and report keys are Chinese: keep them readable in responses.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Outermost, so it also sees the 500s the exception handler writes.
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // After routing (implicit, first) so it sees the endpoint's metadata; before the endpoint binds a body.
        app.UseMiddleware<ApiKeyMiddleware>();

        app.MapOpenApi();
        app.MapApiReference();
        app.MapIngestionEndpoints(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value);
        app.MapReportEndpoints();
        app.MapChangeEndpoints();
        app.MapSchemaEndpoints();
        app.MapAnalysisEndpoints();
        app.MapHealthEndpoints();
        app.MapReprocessEndpoints();
        app.MapDashboard();
    }
}
