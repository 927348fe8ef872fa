namespace IngestionPipeline.Core.Tests;

/// <summary>Small synthetic report texts for focused tests.</summary>
internal static class Reports
{
    public static string Minimal(int year, string table2, string table3 = "", string table4 = "") =>
        $"""
        某县卫健局{year}年政府信息公开工作年度报告

        一、总体情况
        本年度报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。
        二、主动公开政府信息情况
        {table2}
        三、收到和处理政府信息公开申请情况
        {table3}
        四、政府信息公开行政复议、行政诉讼情况
        {table4}
        五、存在的主要问题及改进情况
        无。
        六、其他需要报告的事项
        无。
        """;
}
