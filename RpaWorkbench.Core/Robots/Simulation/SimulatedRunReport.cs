using System.Text;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// Writes what a ShadowBot robot reports about a run: times in the robots' zone (ISO-8601 with offset, to the
/// millisecond), item counts, whether it took a screenshot, the run's log and, for failures, a realistic error. The
/// screenshot and log links are added once the files are stored (<see cref="SimulatedRunFiles"/>).
/// </summary>
internal sealed class SimulatedRunReport(IOptions<WebhookOptions> webhooks)
{
    public const string StoppedMessage = "stopped by operator";

    private static readonly string[] Failures =
    [
        "元素未找到：登录按钮（等待 30 秒超时）",
        "网页加载超时：页面 60 秒内未响应",
        "Excel 文件被占用，无法写入：D:\\RPA\\导出\\订单明细.xlsx",
        "验证码识别失败，已重试 3 次",
        "目标网站返回 502 Bad Gateway",
        "账号登录状态已失效，请重新登录后再运行",
        "数据表格为空：未找到待处理的记录",
    ];

    private readonly TimeZoneInfo _robotZone = TimeZoneInfo.FindSystemTimeZoneById(webhooks.Value.RobotTimeZone);

    public static HeartbeatBody Heartbeat(string account, string? host, int? port) => new(account, host, port);

    public ConfirmBody Confirm(SimulatedRun run, DateTimeOffset start) => new(
        run.Request.ShadowBotAccount, run.Request.AppName, run.TaskId, run.Request.RunId, run.Host, run.Port, Iso(start));

    public CompletionBody Completion(SimulatedRun run, DateTimeOffset start, DateTimeOffset end, SimulatedOutcome outcome, Random random)
    {
        var request = run.Request;
        var total = random.Next(20, 201);
        var (success, failed, error) = outcome switch
        {
            SimulatedOutcome.Completed => Completed(total, random),
            SimulatedOutcome.Failed => (random.Next(0, total / 2), random.Next(1, 6), Failures[random.Next(Failures.Length)]),
            _ => (random.Next(0, total / 2), 0, StoppedMessage),
        };
        var screenshot = outcome != SimulatedOutcome.Completed || random.NextDouble() < 0.7;
        return new CompletionBody(
            request.ShadowBotAccount,
            request.AppName,
            outcome == SimulatedOutcome.Completed ? "completed" : "failed",
            Iso(start),
            Iso(end),
            Math.Round((end - start).TotalSeconds, 3),
            new ResultSummary(total, success, failed),
            LogInfo: true,
            screenshot,
            ScreenshotUrl: null,
            LogUrl: null,
            request.RunId,
            run.TaskId,
            run.Host,
            run.Port,
            error,
            Log(run, start, end, total, success, failed, error));
    }

    private static (int Success, int Failed, string? Error) Completed(int total, Random random)
    {
        var failed = random.Next(0, total / 20 + 1);
        return (total - failed, failed, null);
    }

    private string Log(SimulatedRun run, DateTimeOffset start, DateTimeOffset end, int total, int success, int failed, string? error)
    {
        var request = run.Request;
        var log = new StringBuilder();
        Line(log, start, $"启动应用「{request.AppName}」（任务：{request.TaskName}，运行编号：{request.RunId}）");
        Line(log, start, $"读取配置完成，待处理 {total} 条记录");
        Line(log, end, error switch
        {
            null => $"运行完成：成功 {success} 条，失败 {failed} 条",
            StoppedMessage => $"收到停止指令，运行已中止（已处理 {success} 条）",
            _ => $"运行失败：{error}（已成功 {success} 条，失败 {failed} 条）",
        });
        return log.ToString();
    }

    private void Line(StringBuilder log, DateTimeOffset at, string text) =>
        log.Append(CultureInfo.InvariantCulture, $"[{Local(at):yyyy-MM-dd HH:mm:ss}] {text}\n");

    private string Iso(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _robotZone);
}
