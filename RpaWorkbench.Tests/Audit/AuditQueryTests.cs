using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Audit;

/// <summary>The audit page's query: newest first, whole days in the operators' zone (Asia/Shanghai, UTC+8), actor, action, target.</summary>
public abstract class AuditQueryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AuditQueryService Service => _core.Get<AuditQueryService>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
        // 2026-11-24 23:30 and 2026-11-25 00:30 in Shanghai: either side of midnight there.
        await RecordAsync(new DateTime(2026, 11, 24, 15, 30, 0, DateTimeKind.Utc), "wang", AuditActions.AccountCreated, new AuditTarget(AuditTargetTypes.Account, "1", "tygj001-10.0.0.1:8080"));
        await RecordAsync(new DateTime(2026, 11, 24, 16, 30, 0, DateTimeKind.Utc), "li", AuditActions.UserCreated, new AuditTarget(AuditTargetTypes.User, "u-7", "zhang"));
        await RecordAsync(new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc), "wang", AuditActions.AccountUpdated, new AuditTarget(AuditTargetTypes.Account, "1", "tygj001-10.0.0.2:8080"));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task List_NoFilter_NewestFirst()
    {
        var page = await Service.ListAsync(new AuditQuery(), Ct);

        Assert.Equal([AuditActions.AccountUpdated, AuditActions.UserCreated, AuditActions.AccountCreated], page.Items.Select(e => e.Action));
        Assert.Equal(3, page.TotalCount);
    }

    [Fact]
    public async Task List_DaysAreOperatorDays()
    {
        var onThe24th = await Service.ListAsync(new AuditQuery { From = new DateOnly(2026, 11, 24), To = new DateOnly(2026, 11, 24) }, Ct);
        var fromThe25th = await Service.ListAsync(new AuditQuery { From = new DateOnly(2026, 11, 25) }, Ct);

        Assert.Equal([AuditActions.AccountCreated], onThe24th.Items.Select(e => e.Action));
        Assert.Equal([AuditActions.AccountUpdated, AuditActions.UserCreated], fromThe25th.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task List_ActorActionTargetTypeAndTarget_Filter()
    {
        Assert.Equal(2, (await Service.ListAsync(new AuditQuery { Actor = "wan" }, Ct)).TotalCount);
        Assert.Equal(1, (await Service.ListAsync(new AuditQuery { Action = AuditActions.UserCreated }, Ct)).TotalCount);
        Assert.Equal(2, (await Service.ListAsync(new AuditQuery { TargetType = AuditTargetTypes.Account }, Ct)).TotalCount);
        Assert.Equal(1, (await Service.ListAsync(new AuditQuery { Target = "10.0.0.2" }, Ct)).TotalCount);
        Assert.Equal(1, (await Service.ListAsync(new AuditQuery { Target = "u-7" }, Ct)).TotalCount);
        Assert.Equal(0, (await Service.ListAsync(new AuditQuery { Target = "%" }, Ct)).TotalCount);
    }

    [Fact]
    public async Task List_Pages()
    {
        var second = await Service.ListAsync(new AuditQuery { PageSize = 2, Page = 1 }, Ct);

        Assert.Equal((3, AuditActions.AccountCreated), (second.TotalCount, Assert.Single(second.Items).Action));
    }

    [Fact]
    public async Task List_EndBeforeStart_IsRefusedOnTheToField()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.ListAsync(new AuditQuery { From = new DateOnly(2026, 11, 25), To = new DateOnly(2026, 11, 24) }, Ct));

        Assert.Equal(("to", ErrorCodes.EndBeforeStart), (refused.Errors[0].Field, refused.Errors[0].Code));
    }

    [Fact]
    public async Task Stream_SameFilterAsTheList()
    {
        var rows = await Service.StreamAsync(new AuditQuery { Actor = "wang" }).ToListAsync(Ct);

        Assert.Equal([AuditActions.AccountUpdated, AuditActions.AccountCreated], rows.Select(e => e.Action));
    }

    private async Task RecordAsync(DateTime atUtc, string actor, string action, AuditTarget target)
    {
        await using WorkbenchDbContext db = await _core.CreateDbContextAsync();
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = atUtc, Actor = actor, Action = action, TargetType = target.Type, TargetId = target.Id, TargetName = target.Name,
        });
        await db.SaveChangesAsync(Ct);
    }
}

public sealed class AuditQueryTestsOnSqlite() : AuditQueryTests(DatabaseProvider.Sqlite);

public sealed class AuditQueryTestsOnPostgreSql() : AuditQueryTests(DatabaseProvider.PostgreSQL);
