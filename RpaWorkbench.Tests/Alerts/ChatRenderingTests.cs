using System.Text;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChatRenderingTests
{
    [Fact]
    public void Markdown_PlainTextWithMarkup_IsEscapedNotRendered()
    {
        var message = new AlertMessage("任务 *日报* 失败", ["账号 [北京-01] 的 `脚本` 报错 <b>x</b> # 1", "- 不是列表", "3. 也不是"],
            AlertSeverity.Warning, null, [], "zh-CN");

        Assert.Equal(
            "### 🟠 任务 \\*日报\\* 失败\n\n账号 \\[北京-01\\] 的 \\`脚本\\` 报错 \\<b\\>x\\</b\\> \\# 1  \n\\- 不是列表  \n3\\. 也不是",
            AlertMarkdown.Render(message));
    }

    [Fact]
    public void Markdown_Digest_ListsEachItemWithItsSeverityAndLink()
    {
        var message = new AlertMessage("3 alerts while quiet hours", [], AlertSeverity.Critical, new Uri("https://rpa.example.cn/alerts"),
            [
                new AlertMessageItem("Robot bj-01 offline", AlertSeverity.Critical, new Uri("https://rpa.example.cn/robots/7")),
                new AlertMessageItem("Task_a failed", AlertSeverity.Warning, new Uri("https://rpa.example.cn/runs/9(1)")),
                new AlertMessageItem("Success rate 80 %", AlertSeverity.Info, null),
            ], "en");

        Assert.Equal(
            "### 🔴 3 alerts while quiet hours\n\n" +
            "- 🔴 [Robot bj-01 offline](https://rpa.example.cn/robots/7)\n" +
            "- 🟠 [Task\\_a failed](https://rpa.example.cn/runs/9%281%29)\n" +
            "- 🔵 Success rate 80 %\n\n" +
            "[Open in Workbench](https://rpa.example.cn/alerts)",
            AlertMarkdown.Render(message));
    }

    [Fact]
    public void WeComCut_ChineseTextOverTheLimit_CutsOnACharacterBoundaryWithinTheBytes()
    {
        // 1,400 three-byte characters = 4,200 bytes; 4,096 bytes leave 4,093 for text before the 3-byte "…": 1,364 characters.
        var text = string.Concat(Enumerable.Repeat("机器人离线", 280));

        var cut = AlertMarkdown.CutToBytes(text, 4096);

        Assert.Equal(4095, Encoding.UTF8.GetByteCount(cut));
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.Equal(text[..1364] + "…", cut);
    }

    [Fact]
    public void WeComCut_EmojiAtTheLimit_IsNotSplit()
    {
        // "a" + 1,023 four-byte emoji = 4,093 bytes; with the 3-byte "…" that is 4,096, so a 1,024th emoji would not fit.
        var text = "a" + string.Concat(Enumerable.Repeat("🔴", 1100));

        var cut = AlertMarkdown.CutToBytes(text, 4096);

        Assert.Equal("a" + string.Concat(Enumerable.Repeat("🔴", 1023)) + "…", cut);
        Assert.True(Encoding.UTF8.GetByteCount(cut) <= 4096);
    }

    [Fact]
    public void WeComCut_TextWithinTheLimit_IsUnchanged()
    {
        var text = string.Concat(Enumerable.Repeat("机", 1365));

        Assert.Equal(text, AlertMarkdown.CutToBytes(text, 4096));
    }

    [Fact]
    public void LarkMarkdown_Markup_BecomesEntities()
    {
        Assert.Equal("&#42;a&#42; &#91;b&#93;&#40;c&#41; &#60;i&#62; &#38; &#95;", FeishuCard.EscapeLarkMarkdown("*a* [b](c) <i> & _"));
    }
}
