using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Mcp;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>start_workflow and workflow_status through the SDK's client on a real Kestrel host.</summary>
public sealed class WorkflowRunMcpToolTests(McpHost host) : IClassFixture<McpHost>
{
    private WorkflowRunSeed Seed => new(host.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>(), host.App.Services.GetRequiredService<TimeProvider>());

    [Fact]
    public async Task StartWorkflow_ByName_StartsARunThatWorkflowStatusReports()
    {
        var name = "对账 " + Guid.NewGuid().ToString("N")[..6];
        await Seed.WorkflowAsync(name, WorkflowRunSeed.ApprovalFirst);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);

        var started = await McpHost.CallAsync(client, "start_workflow", new() { ["workflow"] = name, ["inputs"] = new { order_id = "A-17", count = 5 } });
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);
        var status = await McpHost.CallAsync(viewer, "workflow_status", new() { ["run_id"] = started.GetProperty("run_id").GetInt64() });

        Assert.Equal(("running", "Sign off the order", 0), (status.GetProperty("state").GetString(), status.GetProperty("current_step").GetString(), status.GetProperty("progress").GetInt32()));
        var steps = status.GetProperty("steps").EnumerateArray().Select(s => s.TryGetProperty("state", out var state) ? state.GetString() : null).ToList();
        Assert.Contains(steps[0], new[] { "pending", "waiting" }); // the engine may have reached it already
        Assert.Null(steps[1]);
        var run = await host.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        await using (run)
        {
            var stored = await run.WorkflowRuns.SingleAsync(r => r.Id == started.GetProperty("run_id").GetInt64(), TestContext.Current.CancellationToken);
            Assert.Equal((WorkflowTrigger.Mcp, "5"), (stored.Trigger, stored.Inputs["count"]));
        }
    }

    [Fact]
    public async Task WorkflowStatus_ShowsTheApprovalItWaitsFor()
    {
        var workflow = await Seed.WorkflowAsync("审批 " + Guid.NewGuid().ToString("N")[..6], WorkflowRunSeed.OperatorApproval);
        var runId = await Seed.RunAsync(workflow, WorkflowRunState.Running, 1, (0, WorkflowStepState.Succeeded, 60, 2), (1, WorkflowStepState.Waiting, 30, null));
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var status = await McpHost.CallAsync(viewer, "workflow_status", new() { ["run_id"] = runId });

        var approval = status.GetProperty("waiting_approval");
        Assert.Equal(("approve", "operator", "Pay it?"), (approval.GetProperty("step_name").GetString(), approval.GetProperty("approver").GetString(), approval.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task StartWorkflow_BadInputUnknownWorkflowOrViewerKey_Refused()
    {
        var workflow = await Seed.WorkflowAsync("坏 " + Guid.NewGuid().ToString("N")[..6]);
        await using var client = await host.ConnectAsync(ApiKeyScopes.Operator);
        await using var viewer = await host.ConnectAsync(ApiKeyScopes.Viewer);

        var bad = await McpHost.RefusedAsync(client, "start_workflow", new() { ["workflow"] = workflow.WorkflowId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["inputs"] = new { order_id = "A", count = "x" } });
        var unknown = await McpHost.RefusedAsync(client, "start_workflow", new() { ["workflow"] = "no such workflow" });
        var refused = await McpHost.RefusedAsync(viewer, "start_workflow", new() { ["workflow"] = workflow.WorkflowId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["inputs"] = new { order_id = "A" } });

        Assert.Contains("inputs.count", bad, StringComparison.Ordinal);
        Assert.Contains("workflow", unknown, StringComparison.Ordinal);
        Assert.Contains("operators and admins only", refused, StringComparison.Ordinal);
    }
}
