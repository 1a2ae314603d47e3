namespace RpaWorkbench.Web.Components.Layout;

/// <summary>MudBlazor theme with system fonts (no web fonts: the Workbench runs without internet access).</summary>
public static class WorkbenchTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif"];

    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1565c0", AppbarBackground = "#1565c0" },
        PaletteDark = new PaletteDark { Primary = "#64b5f6" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = SystemFonts } },
    };
}
