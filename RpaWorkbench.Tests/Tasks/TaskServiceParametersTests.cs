using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>A task's declared parameters through <see cref="TaskService"/>: stored trimmed, audited, refused by row and field.</summary>
public sealed class TaskServiceParametersTests : IAsyncLifetime
{
    private CoreTestHost _host = null!;
    private long _accountId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskService Service => _host.Get<TaskService>();

    public async ValueTask InitializeAsync()
    {
        _host = await new CoreTestHost().MigrateAsync();
        _accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct)).Id;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_WithParameters_StoresThemTrimmedInOrderAndAudits()
    {
        var row = await Service.CreateAsync(Input(
            new TaskParameter(" 仓库 ", TaskParameterType.Text) { Required = true, MaxLength = 20, Description = " 发货仓库 " },
            new TaskParameter("batch_size", TaskParameterType.Integer) { Default = " 50 " }), Ct);

        TaskParameter[] expected =
        [
            new("仓库", TaskParameterType.Text) { Required = true, MaxLength = 20, Description = "发货仓库" },
            new("batch_size", TaskParameterType.Integer) { Default = "50" },
        ];
        Assert.Equal(expected, row.Parameters);
        Assert.Equal(expected, (await _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct))).Parameters);
        var changes = Assert.Single(await AuditAsync(AuditActions.TaskCreated)).Changes;
        Assert.Contains("\"parameters\":{\"before\":null,\"after\":", changes, StringComparison.Ordinal);
        Assert.Contains("batch_size", changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ChangedParameters_AuditsThemAndChangesTheVersion_UnchangedAuditsNothing()
    {
        var created = await Service.CreateAsync(Input(new TaskParameter("day", TaskParameterType.Date)), Ct);

        var same = await Service.UpdateAsync(created.Id, Input(new TaskParameter("day", TaskParameterType.Date)) with { Version = created.Version }, Ct);
        var changed = await Service.UpdateAsync(created.Id, Input(new TaskParameter("day", TaskParameterType.Date) { Required = true }) with { Version = same.Version }, Ct);

        Assert.Equal(created.Version, same.Version);
        Assert.NotEqual(same.Version, changed.Version);
        var changes = Assert.Single(await AuditAsync(AuditActions.TaskUpdated)).Changes;
        using var audited = JsonDocument.Parse(changes!);
        var field = Assert.Single(audited.RootElement.EnumerateObject());
        Assert.Equal("parameters", field.Name);
        Assert.Equal("""[{"name":"day","type":"date","required":false}]""", field.Value.GetProperty("before").GetString());
        Assert.Equal("""[{"name":"day","type":"date","required":true}]""", field.Value.GetProperty("after").GetString());
        Assert.True(changed.Parameters.Single().Required);
    }

    [Fact]
    public async Task Create_BadParameters_RefusedAfterTheOtherFieldsNamingRowAndField_NothingStored()
    {
        var input = Input(new TaskParameter("a b", TaskParameterType.Text), new TaskParameter("n", TaskParameterType.Integer) { Default = "1.5" }) with { TaskName = "" };

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(input, Ct));

        Assert.Equal([("task_name", "Required"), ("parameters[0].name", "ParameterInvalidName"), ("parameters[1].default", "ParameterInvalidInteger")],
            refused.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(0, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }

    private TaskInput Input(params TaskParameter[] parameters) => new("日报汇总", _accountId, "财务日报") { Parameters = parameters };

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        _host.ReadAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync(Ct));
}
