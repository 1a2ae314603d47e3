using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// A ShadowBot run end to end over real HTTP: Start on the tasks page → job/start on the (fake) ShadowBot OpenAPI →
/// the job runs → ShadowBot's native job callback → the run is completed on the tasks page, the logs page, its run
/// page (with its output parameters) and the dashboard.
/// </summary>
public sealed class ShadowBotJourneyTests(ShadowBotWorkbenchFixture shadowBot) : IClassFixture<ShadowBotWorkbenchFixture>
{
    private const string App = "导出淘宝订单";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartOnTheTasksPage_ShadowBotRunsTheJobAndCallsBack_EveryPageShowsTheCompletedRunWithItsOutputs()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (account, taskName) = ($"sb-{suffix}", $"sb-订单导出-{suffix}");
        var (_, taskId) = await shadowBot.AddShadowBotTaskAsync(account, taskName, App, $"app-{suffix}", """{"shop":"旗舰店"}""");
        shadowBot.Fake.Dispatch.AutoRunOutputs =
        [
            new FakeOutput("订单数", "128", "int"),
            new FakeOutput("订单文件", "https://example.com/orders/2026-12-06.xlsx", "file"),
            new FakeOutput("本地副本", @"C:\robot\orders.xlsx", "file"),
        ];
        shadowBot.Fake.Dispatch.AutoRunFor = TimeSpan.FromSeconds(1);
        var page = await shadowBot.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(StartOnTheTasksPage_ShadowBotRunsTheJobAndCallsBack_EveryPageShowsTheCompletedRunWithItsOutputs), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/tasks");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = taskName });
            await Expect(row).ToContainTextAsync("Pending");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Start {taskName}", Exact = true }).ClickAsync();

            await Expect(row).ToContainTextAsync("Completed", new() { Timeout = 30_000 });
            await Expect(row).ToContainTextAsync("Pending");

            await BrowserFixture.GotoInteractiveAsync(page, "/logs");
            var logRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = account });
            await Expect(logRow).ToContainTextAsync(App);
            await Expect(logRow).ToContainTextAsync("Completed");

            var log = await shadowBot.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.TaskId == taskId, Ct));
            await BrowserFixture.GotoInteractiveAsync(page, $"/logs/{log.Id}");
            await Expect(page.Locator(".log-job-uuid")).ToHaveTextAsync(log.ShadowBotJobUuid!);
            var outputs = page.Locator(".run-outputs");
            await Expect(outputs.GetByRole(AriaRole.Row).Filter(new() { HasText = "订单数" })).ToContainTextAsync("128");
            await Expect(outputs.GetByRole(AriaRole.Link, new() { Name = "https://example.com/orders/2026-12-06.xlsx" }))
                .ToHaveAttributeAsync("href", "https://example.com/orders/2026-12-06.xlsx");
            // A file value that is not a web address is text, not a link.
            await Expect(outputs.GetByText(@"C:\robot\orders.xlsx")).ToBeVisibleAsync();
            await Expect(outputs.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);

            await BrowserFixture.GotoInteractiveAsync(page, "/dashboard");
            await Expect(page.Locator(".dashboard-card-runs-today .dashboard-card-value")).Not.ToHaveTextAsync("0");
        });

        var stored = await shadowBot.QueryAsync(db => db.ExecutionLogs.AsNoTracking().Where(l => l.TaskId == taskId).ToListAsync(Ct));
        var run = Assert.Single(stored);
        var task = await shadowBot.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, Ct));
        Assert.Equal((ExecutionStatus.Completed, run.ExecutionId), (run.Status, shadowBot.Fake.Dispatch.Job(run.ShadowBotJobUuid!).IdempotentUuid));
        Assert.Equal((RobotTaskStatus.Pending, null), (task.Status, task.ErrorMessage));
    }

    [Fact]
    public async Task WorkbenchAnswers503Once_ShadowBotRetriesQuickly_TheRunIsStoredOnceOnItsTask()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var appUuid = $"app-{suffix}";
        var (_, taskId) = await shadowBot.AddShadowBotTaskAsync($"sb-{suffix}", $"sb-重试-{suffix}", App, appUuid);
        // ShadowBot's name for the app differs from the task's: the run is matched to its task by the run id.
        shadowBot.Fake.Dispatch.RobotNames[appUuid] = "订单导出(影刀)";
        shadowBot.Fake.Dispatch.AutoRunFor = null;
        await using (var scope = shadowBot.App.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<TaskRunService>(scope).StartAsync(taskId, Ct);
        }

        var job = (await shadowBot.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, Ct))).CurrentJobUuid!;
        shadowBot.FailNextCallbacks(1);
        shadowBot.Fake.Dispatch.RunJob(job, new FakeOutput("订单数", "3", "int"));
        await shadowBot.Fake.Callbacks.DeliveryOf(job).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var attempts = shadowBot.Fake.Callbacks.Attempts.Where(a => a.JobUuid == job).ToList();
        Assert.Equal([503, 200], attempts.Select(a => a.Status));
        // ShadowBot's first quick retry comes half a second after the refusal.
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.5), $"retried after {attempts[1].At - attempts[0].At}");
        var run = Assert.Single(await shadowBot.QueryAsync(db => db.ExecutionLogs.AsNoTracking().Where(l => l.ShadowBotJobUuid == job).ToListAsync(Ct)));
        Assert.Equal((taskId, ExecutionStatus.Completed, """[{"name":"订单数","value":"3","type":"int"}]"""), (run.TaskId, run.Status, run.Outputs));
        Assert.Equal(RobotTaskStatus.Pending, (await shadowBot.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId, Ct))).Status);
    }
}
