using RpaWorkbench.Core.Demo;

namespace RpaWorkbench.Tests.Demo;

public sealed class DemoScreenshotTests
{
    [Fact]
    public void Render_IsAnRgbPngOfAWindowSizedScreen()
    {
        var png = DemoScreenshot.Render(0);

        var image = PngImage.Read(png);
        Assert.Equal((480, 300, 2), (image.Width, image.Height, image.ColourType));
        Assert.Equal(300 * (1 + (480 * 3)), image.Rows.Length);
        Assert.True(png.Length < 20_000, $"{png.Length} bytes");
    }

    [Fact]
    public void Render_VariantsDiffer_SameVariantSameBytes()
    {
        Assert.Equal(DemoScreenshot.Render(3), DemoScreenshot.Render(3));
        Assert.NotEqual(DemoScreenshot.Render(3), DemoScreenshot.Render(4));
    }
}
