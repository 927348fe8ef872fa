using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Api.Tests;

/// <summary>
/// The real API on Kestrel at a free loopback port, with the embedded pipeline over a temp SQLite store (or the store
/// the settings name, e.g. <c>Storage:MongoUri</c>).
/// </summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-key-1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly TempDirectory directory;

    private ApiTestHost(WebApplication app, TempDirectory directory, Uri address)
    {
        App = app;
        this.directory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    /// <summary>Sends the API key with every request.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends no API key.</summary>
    public HttpClient Anonymous { get; }

    public IReportStore Store => App.Services.GetRequiredService<IReportStore>();

    /// <summary>The temp directory given as <c>Storage:DataDirectory</c> (unused when the settings choose MongoDB).</summary>
    public string DataDirectory => directory.Path;

    public static async Task<ApiTestHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var temp = new TempDirectory("api");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        var configuration = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = temp.Path,
            ["RabbitMq:Uri"] = "",
            ["Api:ApiKeys:0"] = ApiKey,
            ["Api:ApiKeys:1"] = "test-key-2",
            ["Pipeline:RetryLimit"] = "1",
            ["UrlDownloader:AttemptTimeout"] = "00:00:01",
            // The test's HTTP server is on loopback.
            ["UrlDownloader:AllowPrivateNetworks"] = "true",
            ["UrlDownloader:TotalTimeout"] = "00:00:20",
            ["UrlDownloader:RetryCount"] = "2",
            ["UrlDownloader:RetryBaseDelay"] = "00:00:00.050",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = await ApiHost.BuildAsync(builder, TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ApiTestHost(app, temp, new Uri(address));
    }

    /// <summary>Uploads a file as multipart and returns the accepted ingestion id.</summary>
    public async Task<Guid> UploadAsync(byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        using var form = Multipart(content, fileName, fields);
        using var response = await Client.PostAsync(new Uri("/ingestions", UriKind.Relative), form, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Json, TestContext.Current.CancellationToken);
        Assert.Equal($"/ingestions/{accepted.GetProperty("ingestionId").GetGuid()}", response.Headers.Location?.OriginalString);
        return accepted.GetProperty("ingestionId").GetGuid();
    }

    public static MultipartFormDataContent Multipart(byte[] content, string fileName, IDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    /// <summary>Polls <c>GET /ingestions/{id}</c> until the status is terminal.</summary>
    public async Task<IngestionRecord> WaitForOutcomeAsync(Guid ingestionId)
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var record = await Client.GetFromJsonAsync<IngestionRecord>(new Uri($"/ingestions/{ingestionId}", UriKind.Relative), Json, ct);
            Assert.NotNull(record);
            if (record.Status is IngestionStatus.VersionCreated or IngestionStatus.Unchanged or IngestionStatus.Rejected or IngestionStatus.Failed)
            {
                return record;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Ingestion {ingestionId} still {record.Status} after 60 s.");
            await Task.Delay(50, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        directory.Dispose();
    }
}
