using System.Globalization;

namespace RpaWorkbench.Web.Features.Dashboard;

/// <summary>How the dashboard writes its figures (in the current UI culture).</summary>
public static class DashboardFormat
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(double rate) => rate.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>Percentage points with a sign: "+25.0 pp".</summary>
    public static string Change(double change) =>
        (change * 100).ToString("+0.0;-0.0;0.0", CultureInfo.CurrentCulture) + " pp";

    public static string Seconds(double seconds) => seconds.ToString("N1", CultureInfo.CurrentCulture) + " s";
}
