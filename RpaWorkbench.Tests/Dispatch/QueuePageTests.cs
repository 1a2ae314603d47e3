using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>The queue page on a real SQLite-backed Core: rows in serving order, live updates, cancelling a waiting run.</summary>
public sealed class QueuePageTests : WorkbenchComponentTest
{
    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Page_ListsWaitingAndRunningRuns_InServingOrder_WithTargetBatchAndWait()
    {
        var (taskId, accountId, groupId) = await SeedAsync();
        var batchId = await BatchAsync(taskId);
        await RunAsync("late-high", taskId, group: groupId, priority: RunPriority.High, enqueuedAt: Now.AddMinutes(-2), batchId: batchId, attempt: 2);
        await RunAsync("early-normal", taskId, account: accountId, enqueuedAt: Now.AddMinutes(-90));
        await RunAsync("done", taskId, account: accountId, state: DispatchRunState.Ended);

        var page = Render<Web.Features.Queue.Queue>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        // Shanghai is the operators' zone: 08:00 UTC is 16:00 there.
        Assert.Equal(["日报汇总", "Any idle robot of 财务组", "High", "Waiting", "三月对账", "2", "2026-11-25 15:58:00", "0:02:00"],
            Cells(DataRows(page)[0]).Take(8));
        Assert.Equal(["日报汇总", "tygj001", "Normal", "Waiting", "", "1", "2026-11-25 14:30:00", "1:30:00"],
            Cells(DataRows(page)[1]).Take(8));
        Assert.Equal($"batches/{batchId}", DataRows(page)[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Page_FollowsQueueChanged()
    {
        var (taskId, accountId, _) = await SeedAsync();
        var page = Render<Web.Features.Queue.Queue>();
        page.WaitForAssertion(() => Assert.Contains("No run is waiting", page.Markup, StringComparison.Ordinal));

        await RunAsync("new", taskId, account: accountId);
        await Events.PublishAndWaitAsync([new QueueChanged(taskId)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Single(DataRows(page)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancel_AfterConfirmation_RemovesTheWaitingRun()
    {
        var (taskId, accountId, _) = await SeedAsync();
        await RunAsync("to-cancel", taskId, account: accountId);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Queue.Queue>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Cancel run 日报汇总']").Click();
        host.WaitForAssertion(() => Assert.Contains("Remove the waiting run of 日报汇总 from the queue?", host.Markup, StringComparison.Ordinal));
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel run").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(DataRows(page)));
        var run = await ReadAsync(db => db.DispatchRuns.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(DispatchRunState.Cancelled, run.State);
    }

    [Fact]
    public async Task Page_AsViewer_NoCancelButton()
    {
        var (taskId, accountId, _) = await SeedAsync();
        await RunAsync("waiting", taskId, account: accountId);
        User.SignIn(Core.Security.Roles.Viewer);

        var page = Render<Web.Features.Queue.Queue>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.Empty(page.FindAll("button[aria-label='Cancel run 日报汇总']"));
    }

    private async Task<(long TaskId, long AccountId, long GroupId)> SeedAsync()
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var group = await Services.GetRequiredService<RobotGroupService>().CreateAsync(new RobotGroupInput("财务组", null, [account.Id]), Ct);
        var task = await ReadAsync(async db =>
        {
            var added = new RobotTask { TaskName = "日报汇总", AppName = "财务日报", AccountId = account.Id, CreatedAt = Now, UpdatedAt = Now };
            db.Tasks.Add(added);
            await db.SaveChangesAsync(Ct);
            return added.Id;
        });
        return (task, account.Id, group.Id);
    }

    private Task<long> BatchAsync(long taskId) => ReadAsync(async db =>
    {
        var batch = new Batch { Name = "三月对账", TaskId = taskId, CreatedBy = "ops", CreatedAt = Now, UpdatedAt = Now };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(Ct);
        return batch.Id;
    });

    private Task<int> RunAsync(string runId, long taskId, long? account = null, long? group = null, RunPriority priority = RunPriority.Normal,
        DateTime? enqueuedAt = null, long? batchId = null, int attempt = 1, DispatchRunState state = DispatchRunState.Waiting) => ReadAsync(async db =>
    {
        db.DispatchRuns.Add(new DispatchRun
        {
            RunId = runId, TaskId = taskId, TargetAccountId = account, TargetGroupId = group, Priority = priority, State = state,
            EnqueuedAt = enqueuedAt ?? Now, BatchId = batchId, Attempt = attempt,
        });
        return await db.SaveChangesAsync(Ct);
    });

    private async Task<T> ReadAsync<T>(Func<WorkbenchDbContext, Task<T>> work)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await work(db);
    }

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Queue.Queue> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}
