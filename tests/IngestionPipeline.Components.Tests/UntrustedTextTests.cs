using IngestionPipeline.Components.Intake;
using IngestionPipeline.Components.Observability;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace IngestionPipeline.Components.Tests;

/// <summary>Text from submitters cannot forge log lines or rewrite an operator's terminal.</summary>
public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData("年度报告.pdf", "年度报告.pdf")]
    [InlineData("a\nb", "a\\u000Ab")]
    [InlineData("a\r\nb", "a\\u000D\\u000Ab")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001B[31mred\\u001B[0m")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("nul\0", "nul\\u0000")]
    [InlineData("c1\u0085x\u009bx", "c1\\u0085x\\u009Bx")]
    [InlineData("rtl\u202Efdp.exe", "rtl\\u202Efdp.exe")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("", "")]
    public void Escape_replaces_control_characters_with_visible_escapes(string input, string expected) =>
        Assert.Equal(expected, UntrustedText.Escape(input));

    [Fact]
    public void Escape_returns_safe_text_and_null_unchanged()
    {
        const string safe = "卫生健康局 2021";
        Assert.Same(safe, UntrustedText.Escape(safe));
        Assert.Null(UntrustedText.Escape(null));
    }

    [Fact]
    public void Enricher_keeps_a_line_feed_in_a_property_from_forging_a_log_line()
    {
        var sink = new TextSink("{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}");
        using (var logger = new LoggerConfiguration().Enrich.With<UntrustedTextEnricher>().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Submitted {FileName} as {IngestionId}", "report.txt\n12:00:00 [ERR] database corrupted\u001b[2J", Guid.Empty);
        }

        var lines = sink.Text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains("report.txt\\u000A12:00:00 [ERR] database corrupted\\u001B[2J", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', line);
    }

    private sealed class TextSink(string template) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter formatter = new(template);
        private readonly System.Text.StringBuilder text = new();

        public string Text => text.ToString();

        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter(text);
            formatter.Format(logEvent, writer);
        }
    }
}
