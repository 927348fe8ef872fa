using IngestionPipeline.Infrastructure.DependencyInjection;
using IngestionPipeline.ServiceDefaults;
using IngestionPipeline.Testing;
using Microsoft.Extensions.Hosting;

namespace IngestionPipeline.Components.Tests;

/// <summary>The worker host reads appsettings*.json from its own base directory unless told otherwise.</summary>
public sealed class WorkerHostContentRootTests
{
    [Fact]
    public void CreateBuilder_without_a_content_root_reads_the_settings_next_to_the_application()
    {
        using var data = new TempDirectory("worker-root");
        var environment = "ContentRootTest" + Guid.NewGuid().ToString("N");
        var settingsFile = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");
        File.WriteAllText(settingsFile, """{ "ContentRootTest": { "Marker": "from the base directory" } }""");
        try
        {
            var builder = WorkerHost.CreateBuilder(new WorkerHostSettings
            {
                Args = [$"--environment={environment}", "--Serilog:MinimumLevel:Default=Warning"],
                Store = PipelineStore.Sqlite(data.Path),
                RabbitMqUri = new Uri("amqp://guest:guest@127.0.0.1:1/"),
                ManagementUrls = string.Empty,
            });

            Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(builder.Environment.ContentRootPath));
            Assert.Equal(environment, builder.Environment.EnvironmentName);
            Assert.Equal("from the base directory", builder.Configuration["ContentRootTest:Marker"]);
        }
        finally
        {
            File.Delete(settingsFile);
        }
    }
}
