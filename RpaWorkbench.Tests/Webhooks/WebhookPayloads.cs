namespace RpaWorkbench.Tests.Webhooks;

/// <summary>Callback bodies as robots send them (the seed payload of docs/webhooks.md), with a fresh account per test.</summary>
public static class WebhookPayloads
{
    public static Dictionary<string, object?> SeedCompletion(string account) => new()
    {
        ["shadow_bot_account"] = account,
        ["app_name"] = "云仓收藏",
        ["status"] = "completed",
        ["start_time"] = "2026-01-27 10:00:00",
        ["end_time"] = "2026-01-27 10:30:00",
        ["duration_seconds"] = 1800,
        ["result_summary"] = new Dictionary<string, object?> { ["total_items"] = 50, ["success_items"] = 48, ["failed_items"] = 2 },
        ["log_info"] = true,
        ["screenshot"] = true,
        ["screenshot_url"] = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png",
        ["log_url"] = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt",
    };

    public static string NewAccount() => "bot-" + Guid.NewGuid().ToString("N")[..10];

    public static Dictionary<string, object?> With(this Dictionary<string, object?> payload, string key, object? value)
    {
        var copy = new Dictionary<string, object?>(payload) { [key] = value };
        return copy;
    }

    public static Dictionary<string, object?> Without(this Dictionary<string, object?> payload, string key)
    {
        var copy = new Dictionary<string, object?>(payload);
        copy.Remove(key);
        return copy;
    }
}
