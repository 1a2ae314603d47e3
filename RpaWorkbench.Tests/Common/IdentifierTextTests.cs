using RpaWorkbench.Core.Common;

namespace RpaWorkbench.Tests.Common;

/// <summary>The one rule for names people tell apart: which characters it refuses and which it lets through.</summary>
public sealed class IdentifierTextTests
{
    [Theory]
    [InlineData("\u0000", 0x0000)]
    [InlineData("\u0007", 0x0007)]
    [InlineData("\t", 0x0009)]
    [InlineData("\u007F", 0x007F)]
    [InlineData("\u0085", 0x0085)]
    [InlineData("\u00AD", 0x00AD)]
    [InlineData("\u061C", 0x061C)]
    [InlineData("\u200B", 0x200B)]
    [InlineData("\u200D", 0x200D)]
    [InlineData("\u200E", 0x200E)]
    [InlineData("\u200F", 0x200F)]
    [InlineData("\u202A", 0x202A)]
    [InlineData("\u202E", 0x202E)]
    [InlineData("\u2028", 0x2028)]
    [InlineData("\u2029", 0x2029)]
    [InlineData("\u2060", 0x2060)]
    [InlineData("\u2066", 0x2066)]
    [InlineData("\u2069", 0x2069)]
    [InlineData("\uFEFF", 0xFEFF)]
    [InlineData("\U000E0001", 0xE0001)]
    public void FirstRefused_HiddenCharacterInsideAName_ItsCodePoint(string character, int codePoint) =>
        Assert.Equal(codePoint, IdentifierText.FirstRefused("acc4" + character + "x"));

    // Built here, not in [InlineData]: the test runner's serialisation of theory data would replace a lone surrogate.
    [Fact]
    public void FirstRefused_LoneSurrogate_ItsCodeUnit() => Assert.Equal(0xD800, IdentifierText.FirstRefused("acc4" + (char)0xD800 + "x"));

    [Theory]
    [InlineData("财务日报")]
    [InlineData("kefu 02（华东）")]
    [InlineData("Zoë-Łódź_01")]
    [InlineData("تست")]
    [InlineData("机器人🤖")]
    [InlineData("全角\u3000空格")]
    [InlineData("")]
    public void FirstRefused_VisibleText_None(string text) => Assert.Null(IdentifierText.FirstRefused(text));

    [Fact]
    public void Check_RightToLeftOverride_NamesTheFieldTheCodeAndTheCharacter()
    {
        var error = IdentifierText.Check("app_name", "App name", "acc4\u202E")!;

        Assert.Equal(("app_name", ErrorCodes.InvalidCharacters, 0x202E), (error.Field, error.Code, error.Limit));
        Assert.Equal("App name must not contain U+202E: control, invisible and text-direction characters are refused.", error.Message);
    }

    [Fact]
    public void Check_NullOrClean_NoError()
    {
        Assert.Null(IdentifierText.Check("app_name", "App name", null));
        Assert.Null(IdentifierText.Check("app_name", "App name", "财务日报"));
    }

    [Theory]
    [InlineData(0x7, "U+0007")]
    [InlineData(0x202E, "U+202E")]
    [InlineData(0xE0001, "U+E0001")]
    public void Name_AsPeopleLookItUp(int codePoint, string expected) => Assert.Equal(expected, IdentifierText.Name(codePoint));
}
