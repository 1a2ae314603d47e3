namespace RpaWorkbench.Web.Features.ApiDocs;

/// <summary>
/// The old system's own example (seed 000/001): robot account <c>tygj001</c> runs the app <c>云仓收藏</c> and reports
/// a completed run of 2026-01-27 10:00–10:30 Shanghai time (50 items, 48 succeeded). The REST examples of the
/// document are built from these values, so accounts, tasks, logs and dashboard tell the same story.
/// </summary>
internal static class SeedValues
{
    public const string Account = "tygj001";
    public const string App = "云仓收藏";
    public const string HostIp = "192.168.10.21";
    public const int Port = 8080;
    public const string TaskControl = $"{Account}-{HostIp}:8080";
    public const long AccountId = 1;
    public const long TaskId = 12;
    public const long RunId = 123;
    public const int DurationSeconds = 1800;
    public const int TotalItems = 50;
    public const int SuccessItems = 48;
    public const int FailedItems = 2;
    public const string ScreenshotUrl = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png";
    public const string LogUrl = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt";
    public const string TimeZone = "Asia/Shanghai";

    /// <summary>2026-01-27 10:00 in Shanghai, as the API answers it (UTC).</summary>
    public static readonly DateTime RunStart = new(2026, 1, 27, 2, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime RunEnd = RunStart.AddSeconds(DurationSeconds);

    /// <summary>When the account and its task were registered (the seed's API went live on 2026-01-21).</summary>
    public static readonly DateTime Registered = new(2026, 1, 21, 1, 0, 0, DateTimeKind.Utc);
}
