using IngestionPipeline.Core.Model;
using IngestionPipeline.Core.Normalization;

namespace IngestionPipeline.Core.Tests;

public class ValueParserTests
{
    [Theory]
    [InlineData("0", CellSemantic.Zero, 0)]
    [InlineData("105", CellSemantic.Numeric, 105)]
    [InlineData("1,234", CellSemantic.Numeric, 1234)]
    [InlineData("１２３", CellSemantic.Numeric, 123)]
    [InlineData(" 48 ", CellSemantic.Numeric, 48)]
    [InlineData("0件", CellSemantic.Zero, 0)]
    [InlineData("零", CellSemantic.Zero, 0)]
    [InlineData("十二", CellSemantic.Numeric, 12)]
    [InlineData("[bookmark: _GoBack]0", CellSemantic.Zero, 0)]
    [InlineData("-5", CellSemantic.Numeric, -5)]
    public void Parse_count_reads_number(string raw, CellSemantic semantic, int value)
    {
        var parsed = ValueParser.Parse(raw, ValueKind.Count);

        Assert.Equal(semantic, parsed.Semantic);
        Assert.Equal(value, parsed.Value);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("／")]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("——")]
    [InlineData("－")]
    [InlineData("无")]
    [InlineData("不适用")]
    [InlineData("N/A")]
    public void Parse_na_marker_is_na_without_value(string raw)
    {
        var parsed = ValueParser.Parse(raw, ValueKind.Count);

        Assert.Equal(CellSemantic.NA, parsed.Semantic);
        Assert.Null(parsed.Value);
    }

    [Theory]
    [InlineData("", CellSemantic.Empty)]
    [InlineData("   ", CellSemantic.Empty)]
    [InlineData("见附表", CellSemantic.Text)]
    [InlineData("I≡", CellSemantic.Text)]
    public void Parse_non_number_has_no_value(string raw, CellSemantic semantic)
    {
        var parsed = ValueParser.Parse(raw, ValueKind.Count);

        Assert.Equal(semantic, parsed.Semantic);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public void Parse_missing_raw_is_missing()
    {
        Assert.Equal(CellSemantic.Missing, ValueParser.Parse(null, ValueKind.Count).Semantic);
    }

    [Theory]
    [InlineData("1 项", ValueKind.Count, "1", "项")]
    [InlineData("12件", ValueKind.Count, "12", "件")]
    [InlineData("83.42 万元", ValueKind.Money, "83.42", "万元")]
    [InlineData("1082.33万", ValueKind.Money, "1082.33", "万元")]
    [InlineData("71.8526", ValueKind.Money, "71.8526", null)]
    public void Parse_inline_unit_is_kept_apart(string raw, ValueKind kind, string value, string? unit)
    {
        var parsed = ValueParser.Parse(raw, kind);

        Assert.Equal(CellSemantic.Numeric, parsed.Semantic);
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(unit, parsed.Unit);
    }

    [Fact]
    public void Parse_annotated_number_keeps_note()
    {
        var parsed = ValueParser.Parse("22（其中修订 16 件）", ValueKind.Count);

        Assert.Equal(22, parsed.Value);
        Assert.Equal("其中修订 16 件", parsed.Note);
    }

    [Theory]
    [InlineData("减少 18", -18, null, 18)]
    [InlineData("增加 26", 26, 26, null)]
    [InlineData("增 1 减 3", -2, 1, 3)]
    [InlineData("新增2项", 2, 2, null)]
    public void Parse_change_expression_fills_change(string raw, int net, int? increase, int? decrease)
    {
        var parsed = ValueParser.Parse(raw, ValueKind.Change);

        Assert.Equal(net, parsed.Value);
        Assert.NotNull(parsed.Change);
        Assert.Equal(net, parsed.Change.Net);
        Assert.Equal(increase, parsed.Change.Increase);
        Assert.Equal(decrease, parsed.Change.Decrease);
    }

    [Theory]
    [InlineData("-55", -55)]
    [InlineData("+1036", 1036)]
    [InlineData("0", 0)]
    [InlineData("无变化", 0)]
    public void Parse_signed_change_reads_net(string raw, int net)
    {
        var parsed = ValueParser.Parse(raw, ValueKind.Change);

        Assert.Equal(net, parsed.Value);
        Assert.Equal(net == 0 ? CellSemantic.Zero : CellSemantic.Numeric, parsed.Semantic);
    }

    [Fact]
    public void Parse_change_words_outside_change_column_are_text()
    {
        Assert.Equal(CellSemantic.Text, ValueParser.Parse("减少 18", ValueKind.Count).Semantic);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("增 1 减 3", true)]
    [InlineData("/", true)]
    [InlineData("规章", false)]
    [InlineData("1.属于国家秘密", false)]
    [InlineData("2020年本行政区域（或本部门）政府信息公开发布总数量（非新闻类、消息类）：0", false)]
    public void IsValueLike_separates_values_from_labels(string raw, bool expected)
    {
        Assert.Equal(expected, ValueParser.IsValueLike(raw));
    }
}
