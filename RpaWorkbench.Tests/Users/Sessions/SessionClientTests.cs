using RpaWorkbench.Core.Users.Sessions;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>What a session keeps of the browser's own words is short and cannot reorder or hide text on an admin's page.</summary>
public sealed class SessionClientTests
{
    [Fact]
    public void UserAgent_Ordinary_IsKeptAsSent()
    {
        const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

        Assert.Equal(Chrome, SessionClient.UserAgent(Chrome));
    }

    [Fact]
    public void UserAgent_ControlAndBidiCharacters_AreDropped()
    {
        Assert.Equal("curl/8.5 evilgpj.exe", SessionClient.UserAgent("curl/8.5\r\n \u202Eevil\u200Bgpj.exe\u0007"));
    }

    [Fact]
    public void UserAgent_Long_IsCutAt200Characters()
    {
        Assert.Equal(new string('a', 200), SessionClient.UserAgent(new string('a', 5_000)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E\u0000")]
    public void UserAgent_NothingLeft_IsNull(string? header)
    {
        Assert.Null(SessionClient.UserAgent(header));
    }
}
