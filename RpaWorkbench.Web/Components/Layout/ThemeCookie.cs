namespace RpaWorkbench.Web.Components.Layout;

/// <summary>Dark mode is remembered per browser in a cookie, so the first render already has the right theme.</summary>
public static class ThemeCookie
{
    public const string Name = "wb.theme";
    public const string Dark = "dark";
    public const string Light = "light";
    public const string CascadingName = "InitialDarkMode";

    public static bool IsDark(HttpRequest request) => request.Cookies[Name] == Dark;
}
