using System.Text;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Demo;

/// <summary>
/// The demo's month of history, so a first dashboard has something to show: <see cref="Runs"/> runs of the demo robots'
/// apps over <see cref="Days"/> days through <see cref="LogSeeder"/> (the benchmarks' bulk path, roll-ups included), a
/// few per cent failed with <see cref="Errors"/>. Each message has a screenshot and a log in the Workbench's object
/// store (<c>runs/demo/…</c>), linked from the failed runs so that the log page opens them through the resource proxy
/// on a machine without any network (<see cref="StoredObjectLinks"/>). The same clock gives the same history.
/// </summary>
internal sealed class DemoHistory(LogSeeder seeder, IObjectStore store, ILogger<DemoHistory> logger)
{
    public const int Runs = 20_000;
    public const int Days = 30;

    /// <summary>The recurring failures, each with its own screenshot and log.</summary>
    public static readonly IReadOnlyList<string> Errors =
    [
        "元素未找到：30 秒内没有找到“提交”按钮 (ElementNotFound)",
        "网页加载超时：订单列表 60 秒内未响应 (Timeout)",
        "登录失败：验证码识别错误，已重试 3 次",
        @"Excel 文件被占用，无法写入 D:\RPA\导出\库存盘点.xlsx",
        "接口返回 502 Bad Gateway：ERP 服务暂时不可用",
        "账号登录状态已失效，请重新登录后再运行",
        "未检测到网银 U 盾 (USB key not detected)",
        "浏览器意外关闭 (Chrome exited with code -1073741819)",
    ];

    // Per thousand runs: 3 % fail, and a few more time out, are stopped or lose their robot.
    private static readonly RunEndings Endings = new(Failed: 30, TimedOut: 4, Stopped: 3, Lost: 2);

    private const int Seed = 19;

    /// <summary>Stores the failures' files, then the runs of <paramref name="apps"/>; returns how many runs were stored.</summary>
    public async Task<int> SeedAsync(IReadOnlyDictionary<string, AppRhythm> apps, CancellationToken cancellationToken)
    {
        var history = new LogHistory
        {
            Runs = Runs,
            Seed = Seed,
            Days = Days,
            Endings = Endings,
            Errors = Errors,
            Apps = apps,
            FailureFiles = await StoreFailureFilesAsync(cancellationToken),
        };
        return await seeder.SeedAsync(history, progress: null, cancellationToken);
    }

    // The demo goes on without files when the storage cannot be reached: failed runs then link none, rather than dead links.
    private async Task<Dictionary<string, RunFileLinks>> StoreFailureFilesAsync(CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, RunFileLinks>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < Errors.Count; i++)
            {
                var folder = $"{ObjectKeys.RunFilesFolder}/demo/failure-{i + 1}";
                var screenshot = await PutAsync($"{folder}/screenshot.png", DemoScreenshot.Render(i), "image/png", cancellationToken);
                var log = await PutAsync($"{folder}/log.txt", Encoding.UTF8.GetBytes(LogText(Errors[i])), "text/plain; charset=utf-8", cancellationToken);
                files[Errors[i]] = new RunFileLinks(screenshot, log);
            }
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "Some demo screenshots and logs were not stored: the storage could not be reached");
        }

        return files;
    }

    private async Task<string> PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        await store.PutBytesAsync(key, content, contentType, cancellationToken);
        return StoredObjectLinks.PathFor(key);
    }

    // Shared by every run that failed this way, so the times are since the run's start rather than clock times.
    private static string LogText(string error) =>
        "[00:00:00] 启动应用，读取任务配置 config.json\n" +
        "[00:00:02] 打开浏览器，进入业务系统\n" +
        "[00:00:09] 登录成功，开始处理待办记录\n" +
        "[00:01:47] 已处理 38 条记录\n" +
        $"[00:02:15] 错误：{error}\n" +
        "[00:02:15] 已保存失败截图 screenshot.png，运行终止\n";
}
