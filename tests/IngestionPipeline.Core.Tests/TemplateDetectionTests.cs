using IngestionPipeline.Core.Model;

namespace IngestionPipeline.Core.Tests;

public class TemplateDetectionTests
{
    [Theory]
    [InlineData("000_0ce65c396658d36e.txt", TemplateVersion.Gb2019)]
    [InlineData("001_aa2b01d2dfa1efd2.txt", TemplateVersion.Gb2019)]
    [InlineData("002_d7e31f0dfdff8fad.txt", TemplateVersion.Gb2021)]
    [InlineData("003_13863c369ac78f75.txt", TemplateVersion.Gb2019)]
    [InlineData("004_c49188e090674de6.txt", TemplateVersion.Gb2021)]
    public void Parse_sample_detects_template_version(string sample, TemplateVersion expected)
    {
        Assert.Equal(expected, TestFiles.Parse(sample).Meta.TemplateVersion);
    }

    [Fact]
    public void Parse_old_labels_in_2021_report_follow_labels_not_year()
    {
        var text = Reports.Minimal(2021, "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t2\t3\n");

        var report = TestFiles.ParseText(text).Value!;

        Assert.Equal(TemplateVersion.Gb2019, report.Meta.TemplateVersion);
        Assert.Equal(3, report["activeDisclosure.regulations.totalPublished"].Value);
    }

    [Theory]
    [InlineData(2020, TemplateVersion.Gb2019)]
    [InlineData(2022, TemplateVersion.Gb2021)]
    public void Parse_without_version_labels_falls_back_to_year(int year, TemplateVersion expected)
    {
        var report = TestFiles.ParseText(Reports.Minimal(year, "规章\t0\t0\t0\n")).Value!;

        Assert.Equal(expected, report.Meta.TemplateVersion);
    }
}
