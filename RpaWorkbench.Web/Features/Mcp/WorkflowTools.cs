using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Server;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Web.Features.Tasks;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>Workflows: start a run (operator and admin keys) and follow it (any key that may read).</summary>
[McpServerToolType]
internal sealed class WorkflowTools
{
    [McpServerTool(Name = "start_workflow", Destructive = false, Idempotent = false, UseStructuredContent = true)]
    [Description("Starts a run of a workflow's newest version with its inputs (input name → value; inputs left out take their " +
                 "defaults). Each input is checked against the workflow's declared inputs; a bad one is refused naming inputs.<name>. " +
                 "Follow the run with workflow_status. Needs an operator or admin key.")]
    public static async Task<WorkflowRunStatusResult> StartWorkflow(
        WorkflowRunService runs,
        WorkflowRunReads reads,
        [Description("The workflow's id or exact name.")] string workflow,
        [Description("Input values, e.g. {\"order_id\":\"A-17\",\"count\":3}.")] Dictionary<string, JsonElement>? inputs = null,
        CancellationToken cancellationToken = default)
    {
        var workflowId = await reads.WorkflowIdAsync(workflow, cancellationToken)
            ?? throw McpArguments.Refusal("workflow", ErrorCodes.NotFound, $"No workflow has the id or name '{workflow}'.");
        var values = StartTaskRequest.TextValues(inputs, name => $"{WorkflowErrorCodes.InputsField}.{name}");
        var run = await runs.StartAsync(workflowId, values, WorkflowTrigger.Mcp, cancellationToken);
        return await StatusAsync(reads, run.Id, cancellationToken);
    }

    [McpServerTool(Name = "workflow_status", ReadOnly = true, UseStructuredContent = true)]
    [Description("A workflow run's state (running, pausing, paused, succeeded, failed, cancelled), progress (0-100, weighted by " +
                 "the steps' usual durations), current step, expected end (UTC; null when unknown), each step's state and the " +
                 "approval it waits for, if any (approve or reject it on the run's page or through the REST API).")]
    public static Task<WorkflowRunStatusResult> WorkflowStatus(
        WorkflowRunReads reads,
        [Description("The run's id (from start_workflow).")] long run_id,
        CancellationToken cancellationToken = default) => StatusAsync(reads, run_id, cancellationToken);

    private static async Task<WorkflowRunStatusResult> StatusAsync(WorkflowRunReads reads, long runId, CancellationToken cancellationToken)
    {
        var run = await reads.GetAsync(runId, cancellationToken)
            ?? throw McpArguments.Refusal("run_id", ErrorCodes.NotFound, $"No workflow run has id {runId}.");
        return new WorkflowRunStatusResult(run.Run.Id, run.Run.WorkflowId, run.Run.WorkflowName, run.Run.Status, run.Run.Progress, run.Run.CurrentStep,
            run.Run.Eta, run.Error, [.. run.Steps.Select(s => new WorkflowStepStatus(s.Name, s.Kind, s.State, s.Attempts.Count))], run.WaitingApproval);
    }
}

/// <summary>What start_workflow and workflow_status return.</summary>
public sealed record WorkflowRunStatusResult(
    long RunId, long WorkflowId, string WorkflowName, WorkflowRunStatus State, int Progress, string? CurrentStep, DateTime? Eta, string? Error,
    IReadOnlyList<WorkflowStepStatus> Steps, WorkflowWaitingApproval? WaitingApproval);

/// <summary>A step's latest state (null: not run yet) and how many attempts it made.</summary>
public sealed record WorkflowStepStatus(string Name, WorkflowStepKind Kind, WorkflowStepState? State, int Attempts);
