using IngestionPipeline.Contracts;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionPipeline.Examples.CsvSubscriber.Tests;

/// <summary>The example subscriber on MassTransit's test harness: events in, CSV lines out, duplicates skipped.</summary>
public sealed class CsvSubscriberTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"csv-subscriber-{Guid.NewGuid():N}");

    private string CsvPath => Path.Combine(directory, "out", "versions.csv");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consume_versions_with_a_duplicate_appends_one_line_per_new_version()
    {
        await using var provider = BuildProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            var v1 = Event("2021-兰陵县卫生健康局", 1, null, "兰陵县卫健局");
            var v2 = Event("2021-兰陵县卫生健康局", 2, 1, "兰陵县卫健局", changed: 1);
            var other = Event("2022-济源市卫生健康委员会", 1, null, "济源市卫生健康委员会, 办公室");

            await harness.Bus.Publish(v1, Ct);
            await harness.Bus.Publish(v2, Ct);
            await harness.Bus.Publish(v1, Ct); // redelivery / re-publication of the same version
            await harness.Bus.Publish(other, Ct);

            var consumer = harness.GetConsumerHarness<ReportVersionCreatedConsumer>();
            Assert.True(await WaitForConsumedAsync(consumer, 4));
            Assert.False(await harness.Published.Any<Fault<ReportVersionCreated>>(Ct));

            var lines = await File.ReadAllLinesAsync(CsvPath, Ct);
            Assert.Equal(string.Join(',', ReportVersionCsvWriter.Columns), lines[0]);
            Assert.Equal(
                [ReportVersionCsvWriter.Line(v1), ReportVersionCsvWriter.Line(v2), ReportVersionCsvWriter.Line(other)],
                lines.Skip(1));
            Assert.StartsWith("2021-兰陵县卫生健康局,2,1,兰陵县卫健局,2021,gb2021,", lines[2], StringComparison.Ordinal);
            Assert.Contains("\"济源市卫生健康委员会, 办公室\"", lines[3], StringComparison.Ordinal);
        }
        finally
        {
            await harness.Stop(Ct);
        }
    }

    [Fact]
    public async Task Consume_after_restart_skips_versions_already_in_the_file()
    {
        var v1 = Event("2021-某县人民政府", 1, null, "某县人民政府");
        var v2 = Event("2021-某县人民政府", 2, 1, "某县人民政府");
        await using (var first = BuildProvider())
        {
            Assert.True(await first.GetRequiredService<ReportVersionCsvWriter>().AppendAsync(v1, Ct));
        }

        await using var provider = BuildProvider();
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            await harness.Bus.Publish(v1, Ct);
            await harness.Bus.Publish(v2, Ct);
            Assert.True(await WaitForConsumedAsync(harness.GetConsumerHarness<ReportVersionCreatedConsumer>(), 2));

            var lines = await File.ReadAllLinesAsync(CsvPath, Ct);
            Assert.Equal([ReportVersionCsvWriter.Line(v1), ReportVersionCsvWriter.Line(v2)], lines.Skip(1));
        }
        finally
        {
            await harness.Stop(Ct);
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Escape_field_follows_rfc_4180(string field, string expected) =>
        Assert.Equal(expected, ReportVersionCsvWriter.Escape(field));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private ServiceProvider BuildProvider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CsvSubscriber:OutputPath"] = CsvPath })
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddCsvSubscriber(configuration)
            .Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true)
            .AddMassTransitTestHarness(bus => bus.AddCsvSubscriberConsumer())
            .BuildServiceProvider(validateScopes: true);
    }

    private static async Task<bool> WaitForConsumedAsync(IConsumerTestHarness<ReportVersionCreatedConsumer> consumer, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (consumer.Consumed.Select<ReportVersionCreated>(Ct).Count() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, Ct);
        }

        return true;
    }

    private static ReportVersionCreated Event(string reportKey, int version, int? previous, string organization, int changed = 0) =>
        new(Guid.NewGuid(), reportKey, version, previous, organization, int.Parse(reportKey[..4], System.Globalization.CultureInfo.InvariantCulture), "gb2021", $"fp-{version}", changed, 3, new string('a', 64));
}
