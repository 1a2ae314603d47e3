namespace RpaWorkbench.Tests.Localization;

/// <summary>The Chinese walk's check itself: it must catch English chrome and let names, units and data through.</summary>
public sealed class UntranslatedWordsTests
{
    [Fact]
    public void In_MudBlazorsEnglishPager_FindsEveryWord()
    {
        var found = UntranslatedWords.In(["Rows per page:", "1-25 of 747", "Previous page"]);

        Assert.Equal(
            ["Rows «Rows per page:»", "per «Rows per page:»", "page «Rows per page:»", "of «1-25 of 747»", "Previous «Previous page»", "page «Previous page»"],
            found);
    }

    [Fact]
    public void In_ChineseWithNamesUnitsAndDemoData_FindsNothing()
    {
        var found = UntranslatedWords.In(
        [
            "每页行数：", "1-25，共 747 条", "导出 CSV", "643.4 s", "时间为 Asia/Shanghai（UTC+08:00）", "tygj001-192.168.10.21:8080",
            "admin · 管理员", "可选；.json .xlsx，最大 10240 KB", "机器人和脚本通过 X-Api-Key 发送密钥。", "English", "Cron 计划",
        ]);

        Assert.Empty(found);
    }

    [Fact]
    public void In_EnglishNextToChinese_FindsTheEnglish()
    {
        Assert.Equal(["pp «较昨日 +0.2 pp（昨日 86.5%）»"], UntranslatedWords.In(["较昨日 +0.2 pp（昨日 86.5%）"]));
    }
}
