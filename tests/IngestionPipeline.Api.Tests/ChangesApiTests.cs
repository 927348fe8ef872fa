using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IngestionPipeline.Api.Models;
using IngestionPipeline.Core.Storage;
using IngestionPipeline.Testing;

namespace IngestionPipeline.Api.Tests;

/// <summary><c>GET /changes</c> over real HTTP: the catch-up path of a late subscriber, across an API restart.</summary>
public sealed partial class ChangesApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Tier", "Slow")]
    public async Task Late_subscriber_pages_every_outcome_of_1000_reports_exactly_once_and_its_cursor_survives_an_api_restart()
    {
        using var data = new TempDirectory("changes-api");
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = data.Path };
        IReadOnlyList<HistorySeeder.SeededOutcome> seeded;
        var read = new List<ChangeItem>();
        string? next;
        await using (var host = await ApiTestHost.StartAsync(settings))
        {
            seeded = await HistorySeeder.SeedAsync(host.Store, 1000, "api-", Ct);

            // The subscriber follows the Link headers for a while, then the API goes away.
            next = "/changes?limit=90";
            for (var pages = 0; pages < 6; pages++)
            {
                next = await ReadPageAsync(host, next!, read);
                Assert.NotNull(next);
            }
        }

        Assert.Equal(540, read.Count);
        await using (var restarted = await ApiTestHost.StartAsync(settings))
        {
            // The same URL (cursor) on a new host over the same store continues where the subscriber stopped.
            while (next is not null)
            {
                next = await ReadPageAsync(restarted, next, read);
            }

            // Polling with the last page's 'next' finds nothing new until something happens.
            var tail = await restarted.Client.GetFromJsonAsync<ChangePage>(new Uri($"/changes?after={read[^1].Cursor}", UriKind.Relative), ApiTestHost.Json, Ct);
            Assert.Empty(tail!.Changes);
            Assert.False(tail.HasMore);
            Assert.Equal(read[^1].Cursor, tail.Next);
        }

        Assert.Equal(1000, read.Count);
        Assert.Equal(seeded.Select(s => s.IngestionId).Order(), read.Select(c => c.IngestionId).Order());
        var byId = seeded.ToDictionary(s => s.IngestionId);
        Assert.All(read, c =>
        {
            Assert.Equal(byId[c.IngestionId].Outcome, c.Outcome);
            Assert.Equal(byId[c.IngestionId].ReasonCode, c.ReasonCode);
            Assert.Equal(byId[c.IngestionId].Version, c.Version);
        });
        Assert.All(read.Where(c => c.Outcome == IngestionStatus.VersionCreated), c => Assert.Equal(byId[c.IngestionId].Changes, c.Changes));
    }

    [Fact]
    public async Task Filters_apply_and_bad_parameters_are_400()
    {
        await using var host = await ApiTestHost.StartAsync();
        var seeded = await HistorySeeder.SeedAsync(host.Store, 40, "flt-", Ct);

        var page = await host.Anonymous.GetFromJsonAsync<ChangePage>(new Uri($"/changes?year=2024&region={Uri.EscapeDataString("北京")}&limit=1000", UriKind.Relative), ApiTestHost.Json, Ct);
        Assert.Equal(seeded.Where(s => s.Year == 2024 && s.Region == "北京市").Select(s => s.IngestionId).Order(), page!.Changes.Select(c => c.IngestionId).Order());
        Assert.NotEmpty(page.Changes);

        var byOrganization = await host.Anonymous.GetFromJsonAsync<ChangePage>(new Uri($"/changes?organization={Uri.EscapeDataString("上海市某某局")}&limit=1000", UriKind.Relative), ApiTestHost.Json, Ct);
        Assert.Equal(seeded.Where(s => s.Region == "上海市").Select(s => s.IngestionId).Order(), byOrganization!.Changes.Select(c => c.IngestionId).Order());

        foreach (var bad in new[] { "/changes?after=12", "/changes?limit=0", "/changes?limit=1001", "/changes?year=twenty", "/changes?after=%F0" })
        {
            using var response = await host.Anonymous.GetAsync(new Uri(bad, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    /// <summary>Reads one page into <paramref name="read"/>; returns the Link rel=next URL, or null on the last page.</summary>
    private static async Task<string?> ReadPageAsync(ApiTestHost host, string url, List<ChangeItem> read)
    {
        using var response = await host.Anonymous.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<ChangePage>(ApiTestHost.Json, Ct))!;
        read.AddRange(page.Changes);
        Assert.Equal(page.Changes.Count > 0 ? page.Changes[^1].Cursor : null, page.Changes.Count > 0 ? page.Next : null);
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            Assert.False(page.HasMore);
            return null;
        }

        Assert.True(page.HasMore);
        return NextLink().Match(links.Single()).Groups[1].Value;
    }

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();
}
