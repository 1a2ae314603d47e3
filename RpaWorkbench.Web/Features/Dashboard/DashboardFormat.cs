namespace RpaWorkbench.Web.Features.Dashboard;

/// <summary>How the dashboard writes its figures (in the current UI culture); a figure that does not exist is "—".</summary>
public static class DashboardFormat
{
    /// <summary>Shown for a rate or an average over no runs (rather than a misleading 0).</summary>
    public const string NoValue = "—";

    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double? rate) => rate is { } value ? value.ToString("P1", CultureInfo.CurrentCulture) : NoValue;

    /// <summary>A change in percentage points with its sign, the number only: "+25.0".</summary>
    public static string SignedPoints(double change) => (change * 100).ToString("+0.0;-0.0;0.0", CultureInfo.CurrentCulture);

    public static string Seconds(double? seconds) =>
        seconds is { } value ? value.ToString("N1", CultureInfo.CurrentCulture) + " s" : NoValue;
}
