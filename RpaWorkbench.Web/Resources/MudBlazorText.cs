namespace RpaWorkbench.Web.Resources;

/// <summary>
/// Marker for MudBlazor's own strings in the operators' languages (MudBlazorText.zh-CN.resx), under MudBlazor's keys
/// (<c>MudDataGridPager_RowsPerPage</c>, …). There is no English file: MudBlazor's built-in English is the fallback.
/// </summary>
public sealed class MudBlazorText;
