namespace RpaWorkbench.Web.Resources;

/// <summary>Marker for the UI string resources (UiText.resx = en, UiText.zh-CN.resx).</summary>
public sealed class UiText;
