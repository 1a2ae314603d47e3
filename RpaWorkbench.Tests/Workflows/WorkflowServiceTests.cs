using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

public abstract class WorkflowServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider, settings: null, services =>
        services.Configure<WorkflowOptions>(o => o.Secrets["api_token"] = "s3cret"));

    private long _robotTask;
    private long _difyTask;

    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private WorkflowService Service => _core.Get<WorkflowService>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        (_robotTask, _difyTask) = await WorkflowDefinitionSamples.AddTasksAsync(_core.CreateDbContextAsync);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_ValidDefinition_StoresVersionOneAuditsAndPublishes()
    {
        var published = new TaskCompletionSource<IReadOnlyList<WorkbenchEvent>>();
        using var subscription = _core.Get<IWorkbenchEvents>().Subscribe(events =>
        {
            published.TrySetResult(events);
            return Task.CompletedTask;
        });

        var created = await Service.CreateAsync(new WorkflowInput(" 订单处理 ", "每天的订单", "0 9 * * 1-5", Definition()), Ct);

        Assert.Equal(("订单处理", "每天的订单", "0 9 * * 1-5", 1, 1, 0, "operator-user"),
            (created.Name, created.Description, created.Schedule, created.LatestVersion, created.DefinitionVersion, created.Version, created.CreatedBy));
        Assert.Equal(["fetch", "notify", "pause", "sign_off"], created.Definition.Steps.Select(s => s.Name));
        Assert.Equal(Definition(), created.Definition);
        var stored = await _core.ReadAsync(db => db.Workflows.SingleAsync(Ct));
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, stored.ScheduledThrough);
        Assert.Equal([new WorkflowChanged(created.Id)], await published.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        var entry = Assert.Single(await AuditRows.AllAsync(_core.CreateDbContextAsync));
        Assert.Equal(("workflow.created", "workflow", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "订单处理"),
            (entry.Action, entry.TargetType, entry.TargetId, entry.TargetName));
        Assert.Contains(("definition_version", null, "1"), entry.Changes());
    }

    [Fact]
    public async Task Create_InvalidInput_RefusesEveryFieldAndWritesNothing()
    {
        var broken = Definition() with { Steps = [Definition().Steps[0] with { Task = new WorkflowTaskStep(_difyTask) }] };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(new WorkflowInput("", null, "x", broken), Ct));

        Assert.Equal(["name", "schedule", "steps[0].task.task_id", "steps[0].task.parameters.order_id"], error.Errors.Select(e => e.Field));
        Assert.Equal(0, await _core.ReadAsync(db => db.Workflows.CountAsync(Ct)));
        Assert.Empty(await AuditRows.AllAsync(_core.CreateDbContextAsync));
    }

    [Fact]
    public async Task Create_TakenName_RefusedAtTheNameField()
    {
        await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(new WorkflowInput("订单处理 ", null, null, Definition()), Ct));

        Assert.Equal(("name", "WorkflowDuplicateName"), (Assert.Single(error.Errors).Field, error.Errors[0].Code));
    }

    [Fact]
    public async Task Update_ChangedDefinition_WritesTheNextVersionAndKeepsTheOld()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        var edited = Definition() with { Steps = [.. Definition().Steps.Take(3)] };

        var updated = await Service.UpdateAsync(created.Id, new WorkflowInput("订单处理", null, null, edited, created.Version), Ct);

        Assert.Equal((2, 2, 1, 3), (updated.LatestVersion, updated.DefinitionVersion, updated.Version, updated.Definition.Steps.Count));
        var first = await Service.GetAsync(created.Id, 1, Ct);
        Assert.Equal(4, first!.Definition.Steps.Count);
        Assert.Equal([(2, 3), (1, 4)], (await Service.VersionsAsync(created.Id, Ct))!.Select(v => (v.Number, v.StepCount)));
        var entry = (await AuditRows.AllAsync(_core.CreateDbContextAsync)).Last();
        Assert.Equal("workflow.updated", entry.Action);
        Assert.Equal([("definition_version", "1", "2")], entry.Changes());
    }

    [Fact]
    public async Task Update_UnchangedDefinition_WritesNoVersion()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);

        var renamed = await Service.UpdateAsync(created.Id, new WorkflowInput("订单处理二", "说明", "*/5 * * * *", Definition(), created.Version), Ct);
        var again = await Service.UpdateAsync(created.Id, new WorkflowInput("订单处理二", "说明", "*/5 * * * *", Definition(), renamed.Version), Ct);

        Assert.Equal(("订单处理二", "说明", "*/5 * * * *", 1, 1), (renamed.Name, renamed.Description, renamed.Schedule, renamed.LatestVersion, renamed.Version));
        Assert.Equal(1, again.Version);
        Assert.Equal(1, await _core.ReadAsync(db => db.WorkflowVersions.CountAsync(Ct)));
        Assert.Equal(["workflow.created", "workflow.updated"], (await AuditRows.AllAsync(_core.CreateDbContextAsync)).Select(e => e.Action));
    }

    [Fact]
    public async Task Update_StaleVersion_RefusedAsConflictAndChangesNothing()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        await Service.UpdateAsync(created.Id, new WorkflowInput("first", null, null, Definition(), created.Version), Ct);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => Service.UpdateAsync(created.Id, new WorkflowInput("second", null, null, Definition(), created.Version), Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, error.Code);
        Assert.Equal("first", (await Service.GetAsync(created.Id, null, Ct))!.Name);
    }

    [Fact]
    public async Task Update_AfterARunStarted_RunKeepsItsVersion()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        var run = await AddRunAsync(created.Id, WorkflowRunState.Running);

        await Service.UpdateAsync(created.Id, new WorkflowInput("订单处理", null, null, Definition() with { Steps = [Definition().Steps[2]] }, created.Version), Ct);

        var stored = await _core.ReadAsync(db => db.WorkflowRuns.Include(r => r.WorkflowVersion).SingleAsync(r => r.Id == run, Ct));
        Assert.Equal((1, 4), (stored.VersionNumber, stored.WorkflowVersion!.Definition.Steps.Count));
    }

    [Fact]
    public async Task Delete_WhileARunIsOpen_RefusedAndKeepsEverything()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        await AddRunAsync(created.Id, WorkflowRunState.Paused);

        var error = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(created.Id, Ct));

        Assert.Equal(("WorkflowRunsOpen", 1), (error.Code, error.Count));
        Assert.NotNull(await Service.GetAsync(created.Id, null, Ct));
    }

    [Fact]
    public async Task Delete_WithFinishedRuns_RemovesWorkflowVersionsAndRuns()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        await Service.UpdateAsync(created.Id, new WorkflowInput("订单处理", null, null, Definition() with { Steps = [Definition().Steps[2]] }, created.Version), Ct);
        await AddRunAsync(created.Id, WorkflowRunState.Succeeded);

        await Service.DeleteAsync(created.Id, Ct);

        Assert.Equal((0, 0, 0), await _core.ReadAsync(async db =>
            (await db.Workflows.CountAsync(Ct), await db.WorkflowVersions.CountAsync(Ct), await db.WorkflowRuns.CountAsync(Ct))));
        Assert.Equal("workflow.deleted", (await AuditRows.AllAsync(_core.CreateDbContextAsync)).Last().Action);
        await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(created.Id, Ct));
    }

    [Fact]
    public async Task List_RowsCarryStepsLastRunAndOpenRuns_SearchAndPaging()
    {
        var orders = await Service.CreateAsync(new WorkflowInput("Orders", null, "0 9 * * *", Definition()), Ct);
        await Service.CreateAsync(new WorkflowInput("Invoices", null, null, Definition() with { Steps = [Definition().Steps[2]] }), Ct);
        await AddRunAsync(orders.Id, WorkflowRunState.Running);
        _core.Clock.Advance(TimeSpan.FromMinutes(5));
        await AddRunAsync(orders.Id, WorkflowRunState.Failed);

        var all = await Service.ListAsync(new WorkflowQuery(), Ct);
        var found = await Service.ListAsync(new WorkflowQuery { Search = "ORD" }, Ct);
        var second = await Service.ListAsync(new WorkflowQuery { Page = 1, PageSize = 1 }, Ct);

        Assert.Equal(2, all.TotalCount);
        Assert.Equal([("Invoices", 1, null, 0), ("Orders", 4, (WorkflowRunState?)WorkflowRunState.Failed, 1)],
            all.Items.Select(r => (r.Name, r.StepCount, r.LastRunState, r.OpenRuns)));
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, all.Items[1].LastRunAt);
        Assert.Equal(("Orders", "0 9 * * *", 1), (Assert.Single(found.Items).Name, found.Items[0].Schedule, found.TotalCount));
        Assert.Equal(("Orders", 2), (Assert.Single(second.Items).Name, second.TotalCount));
    }

    [Fact]
    public async Task StepTasks_ListsRobotAndDifyTasksWithTheirParameters()
    {
        var tasks = await Service.StepTasksAsync(Ct);

        Assert.Equal([("开票", true, 1), ("日报汇总", false, 2)], tasks.OrderBy(t => t.Id == _difyTask ? 0 : 1).Select(t => (t.Name, t.IsDify, t.Parameters.Count)));
    }

    [Fact]
    public async Task Viewer_Reads_ButCannotWrite()
    {
        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);
        _core.User.SignIn(Roles.Viewer);

        Assert.Single((await Service.ListAsync(new WorkflowQuery(), Ct)).Items);
        Assert.NotNull(await Service.GetAsync(created.Id, null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CreateAsync(new WorkflowInput("other", null, null, Definition()), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(created.Id, new WorkflowInput("x", null, null, Definition()), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DeleteAsync(created.Id, Ct));
        _core.User.SignOut();
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(new WorkflowQuery(), Ct));
    }

    [Fact]
    public async Task Admin_CanWrite()
    {
        _core.User.SignIn(Roles.Admin);

        var created = await Service.CreateAsync(new WorkflowInput("订单处理", null, null, Definition()), Ct);

        Assert.Equal("admin-user", created.CreatedBy);
    }

    private WorkflowDefinition Definition() => WorkflowDefinitionSamples.Definition(_robotTask);

    /// <summary>A run of the workflow's newest version, inserted as the run service would leave it.</summary>
    private async Task<long> AddRunAsync(long workflowId, WorkflowRunState state)
    {
        await using var db = await _core.CreateDbContextAsync();
        var workflow = await db.Workflows.SingleAsync(w => w.Id == workflowId, Ct);
        var version = await db.WorkflowVersions.SingleAsync(v => v.WorkflowId == workflowId && v.Number == workflow.LatestVersion, Ct);
        var now = _core.Clock.GetUtcNow().UtcDateTime;
        var run = new WorkflowRun
        {
            WorkflowId = workflowId, WorkflowVersionId = version.Id, VersionNumber = version.Number, State = state,
            StartedBy = "operator-user", CreatedAt = now, UpdatedAt = now,
        };
        db.WorkflowRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }
}

public sealed class WorkflowServiceTestsOnSqlite() : WorkflowServiceTests(DatabaseProvider.Sqlite);

public sealed class WorkflowServiceTestsOnPostgreSql() : WorkflowServiceTests(DatabaseProvider.PostgreSQL);
