using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IngestionPipeline.Api.Tests;

/// <summary>A throw-away Kestrel server on a free loopback port standing in for a government web site.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalHttpServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    private int requests;

    public int Requests => Volatile.Read(ref requests);

    public Uri Url(string path) => new(Address, path);

    public static async Task<LocalHttpServer> StartAsync(Func<HttpContext, int, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        LocalHttpServer? server = null;
        app.Run(async context =>
        {
            var n = Interlocked.Increment(ref server!.requests);
            await handler(context, n);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new LocalHttpServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
