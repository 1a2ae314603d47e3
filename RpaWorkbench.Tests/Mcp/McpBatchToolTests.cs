using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>create_batch and batch_status through the SDK's client: rows checked as a sheet's, refusals naming rows[i], viewers refused.</summary>
public sealed class McpBatchToolTests(McpHost host) : IClassFixture<McpHost>
{
    [Fact]
    public async Task CreateBatch_Rows_QueuesOneItemEachAndBatchStatusCountsThem()
    {
        var taskId = await TaskWithParametersAsync();
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var created = await McpHost.CallAsync(client, "create_batch", new()
        {
            ["task_id"] = taskId,
            ["rows"] = new object[] { new { customer = "ACME", amount = 12.5 }, new { customer = "华东仓", amount = 3 } },
            ["name"] = "月底对账",
            ["priority"] = "high",
        });
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);
        var status = await McpHost.CallAsync(viewer, "batch_status", new() { ["batch_id"] = created.GetProperty("id").GetInt64() });

        Assert.Equal(("月底对账", 2), (created.GetProperty("name").GetString(), created.GetProperty("item_count").GetInt32()));
        Assert.Equal(2, status.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal("running", status.GetProperty("state").GetString());
        await using var scope = host.App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var parameters = await db.DispatchRuns.Where(r => r.BatchId == created.GetProperty("id").GetInt64()).OrderBy(r => r.Id)
            .Select(r => r.Parameters).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["12.5", "3"], parameters.Select(p => p["amount"]));
    }

    [Fact]
    public async Task CreateBatch_BadRows_RefusedNamingEachRowAndParameter()
    {
        var taskId = await TaskWithParametersAsync();
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var message = await McpHost.RefusedAsync(client, "create_batch", new()
        {
            ["task_id"] = taskId,
            ["rows"] = new object[] { new { customer = "ACME", amount = 1 }, new { customer = "B", amount = "lots" }, new { amount = 2 } },
        });

        Assert.Contains("rows[1].amount", message, StringComparison.Ordinal);
        Assert.Contains("rows[2].customer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBatch_ViewerKeyOrUnknownBatch_Refused()
    {
        var taskId = await TaskWithParametersAsync();
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var refused = await McpHost.RefusedAsync(viewer, "create_batch", new() { ["task_id"] = taskId, ["rows"] = new object[] { new { customer = "A", amount = 1 } } });
        var missing = await McpHost.RefusedAsync(viewer, "batch_status", new() { ["batch_id"] = 987654 });

        Assert.Contains("operators and admins only", refused, StringComparison.Ordinal);
        Assert.Contains("batch_id", missing, StringComparison.Ordinal);
    }

    private async Task<long> TaskWithParametersAsync()
    {
        var (_, taskId) = await host.AddRobotAsync(WebhookPayloads.NewAccount());
        await using var scope = host.App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId, TestContext.Current.CancellationToken);
        task.Parameters = [new TaskParameter("customer", TaskParameterType.Text) { Required = true }, new TaskParameter("amount", TaskParameterType.Decimal) { Required = true }];
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return taskId;
    }
}
