using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>A download's file name comes from the URL's last path segment, made safe.</summary>
public sealed class ResourceFileNameTests
{
    [Theory]
    [InlineData("https://oss.example.test/shots/2024/run-1.png?Signature=x", "run-1.png")]
    [InlineData("https://oss.example.test/logs/%E8%BF%90%E8%A1%8C%E6%97%A5%E5%BF%97.txt", "运行日志.txt")]
    [InlineData("https://oss.example.test/logs/..%2F..%2Fetc%2Fpasswd", "_.._etc_passwd")]
    [InlineData("https://oss.example.test/logs/a%22%3B%20filename%3Devil.html", "a___filename_evil.html")]
    [InlineData("https://oss.example.test/logs/a%0D%0ASet-Cookie%3Ax.txt", "a__Set-Cookie_x.txt")]
    [InlineData("https://oss.example.test/logs/.hidden.log", "hidden.log")]
    [InlineData("https://oss.example.test/", "resource")]
    [InlineData("https://oss.example.test/logs/", "resource")]
    [InlineData("https://oss.example.test/logs/%20%20", "resource")]
    public void FromUrl_LastSegment_SafeCharactersOnly(string url, string expected) =>
        Assert.Equal(expected, ResourceFileName.FromUrl(new Uri(url)));

    [Fact]
    public void FromUrl_VeryLongName_KeepsTheExtension()
    {
        var name = ResourceFileName.FromUrl(new Uri("https://oss.example.test/" + new string('a', 300) + ".png"));

        Assert.Equal(ResourceFileName.MaxLength, name.Length);
        Assert.EndsWith(".png", name, StringComparison.Ordinal);
    }
}
