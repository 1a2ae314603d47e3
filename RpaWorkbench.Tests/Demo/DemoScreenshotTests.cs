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
    public void Render_WithoutErrorDialog_TheWindowWithoutTheDialogsRedTitleBar()
    {
        var failed = PngImage.Read(DemoScreenshot.Render(3));
        var completed = PngImage.Read(DemoScreenshot.Render(3, errorDialog: false));

        // The middle of the screen, where a failed run's dialog has its red title bar; the window's header is the same.
        Assert.True(IsRed(Pixel(failed, 240, 100)), $"{Pixel(failed, 240, 100)}");
        Assert.False(IsRed(Pixel(completed, 240, 100)), $"{Pixel(completed, 240, 100)}");
        Assert.Equal(Pixel(failed, 40, 20), Pixel(completed, 40, 20));
    }

    [Fact]
    public void Render_VariantsDiffer_SameVariantSameBytes()
    {
        Assert.Equal(DemoScreenshot.Render(3), DemoScreenshot.Render(3));
        Assert.NotEqual(DemoScreenshot.Render(3), DemoScreenshot.Render(4));
    }

    private static bool IsRed((int R, int G, int B) pixel) => pixel.R > 180 && pixel.G < 90 && pixel.B < 90;

    // Rows are stored as one filter byte (0: none) and then RGB triples.
    private static (int R, int G, int B) Pixel(PngImage image, int x, int y)
    {
        var at = (y * (1 + (image.Width * 3))) + 1 + (x * 3);
        Assert.Equal(0, image.Rows[y * (1 + (image.Width * 3))]);
        return (image.Rows[at], image.Rows[at + 1], image.Rows[at + 2]);
    }
}
