using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>
/// The Core on a real SQLite file in ShadowBot mode against a <see cref="FakeShadowBot"/> on loopback, with the callback
/// ingest running, for the reconciler and the client poller. The loops themselves are driven pass by pass.
/// </summary>
internal sealed class ShadowBotLoopsHost : IAsyncDisposable
{
    public const string Robot = "robot1@fake";

    private ShadowBotLoopsHost(FakeShadowBot fake, CoreTestHost core)
    {
        Fake = fake;
        Core = core;
    }

    public FakeShadowBot Fake { get; }

    public CoreTestHost Core { get; }

    public DateTime Now => Core.Clock.GetUtcNow().UtcDateTime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ShadowBotLoopsHost> StartAsync(string mode = "ShadowBot")
    {
        // The fake's tokens live on real time: only the Workbench's clock is moved by the tests.
        var fake = await FakeShadowBot.StartAsync(TimeProvider.System);
        var core = await new CoreTestHost(Settings(fake, mode)).MigrateAsync();
        await core.Get<CallbackIngestQueue>().StartAsync(Ct);
        return new ShadowBotLoopsHost(fake, core);
    }

    public static Dictionary<string, string?> Settings(FakeShadowBot fake, string mode) => new()
    {
        ["Workbench:Robots:Mode"] = mode,
        ["Workbench:ShadowBot:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Workbench:ShadowBot:AccessKeyId"] = FakeShadowBot.AccessKeyId,
        ["Workbench:ShadowBot:AccessKeySecret"] = FakeShadowBot.AccessKeySecret,
    };

    public Task<int> ReconcileAsync() => Core.Get<ShadowBotReconciler>().ReconcileAsync(Ct);

    /// <summary>A registered account for <see cref="Robot"/> with one ShadowBot task, started through the task service (job/start).</summary>
    public async Task<RobotTask> StartedTaskAsync()
    {
        long taskId;
        await using (var db = await Core.CreateDbContextAsync())
        {
            var account = new Account
            {
                ShadowBotAccount = Robot, HostIp = "10.0.0.8", Port = 8080, TaskControl = Robot + "-10.0.0.8:8080",
                CreatedAt = Now, UpdatedAt = Now,
            };
            var task = new RobotTask
            {
                TaskName = "导出订单", AppName = "导出淘宝订单", Account = account, CreatedAt = Now, UpdatedAt = Now,
                ShadowBot = new ShadowBotTaskSettings { RobotUuid = "app-7c1e" },
            };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(Ct);
            taskId = task.Id;
        }

        await Core.Get<TaskRunService>().StartAsync(taskId, Ct);
        return await TaskAsync(taskId);
    }

    public Task<RobotTask> TaskAsync(long id) => Core.ReadAsync(db => db.Tasks.AsNoTracking().Include(t => t.Account).SingleAsync(t => t.Id == id, Ct));

    public async ValueTask DisposeAsync()
    {
        await Core.Get<CallbackIngestQueue>().StopAsync(CancellationToken.None);
        await Core.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
