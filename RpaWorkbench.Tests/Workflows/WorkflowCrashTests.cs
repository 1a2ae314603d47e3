using System.Text.RegularExpressions;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// Workflow runs in real Workbench processes: killed with SIGKILL mid-step and restarted on the same SQLite file, a run
/// goes on where it was; two processes on one file run each step of each run once.
/// </summary>
public sealed partial class WorkflowCrashTests : IAsyncLifetime
{
    private WorkflowCrashBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await WorkflowCrashBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task KilledDuringAWait_RestartedOnTheSameFile_GoesOnFromTheWait_EachRequestSentOnce()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.HttpStep("before"), WorkflowCrashBed.WaitStep("pause", seconds: 5), _bed.HttpStep("after"));
        var first = await _bed.StartWorkbenchAsync();
        var runId = await _bed.StartRunAsync(workflow);
        await WorkflowCrashBed.WaitUntilAsync(async () => (await _bed.AttemptsAsync(runId)).Any(a => a is { StepName: "pause", State: WorkflowStepState.Running }),
            "the wait step is running");
        await first.KillAsync();

        // Killed mid-step: the wait was still running and "after" not yet sent.
        Assert.Equal(WorkflowStepState.Running, (await _bed.AttemptsAsync(runId)).Single(a => a.StepName == "pause").State);
        Assert.DoesNotContain(_bed.Server.Requests, r => r.PathAndQuery.EndsWith("step=after", StringComparison.Ordinal));

        await _bed.StartWorkbenchAsync();
        await WorkflowCrashBed.WaitUntilAsync(async () => (await _bed.RunAsync(runId)).State != WorkflowRunState.Running, "the run ends");

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        Assert.Equal(
            new Dictionary<string, int> { [$"/orders/search?run={runId}&step=before"] = 1, [$"/orders/search?run={runId}&step=after"] = 1 },
            _bed.RequestCounts());
        Assert.Equal(
            [("before", 1, WorkflowStepState.Succeeded), ("pause", 1, WorkflowStepState.Succeeded), ("after", 1, WorkflowStepState.Succeeded)],
            (await _bed.AttemptsAsync(runId)).Select(a => (a.StepName, a.Attempt, a.State)));
        Assert.Equal(["before", "pause", "after"], StepsInLogOrder(await _bed.LogAsync(runId)));
    }

    [Fact]
    public async Task KilledDuringAnHttpRequest_TheAttemptIsInterrupted_AndTheRetrySucceeds()
    {
        var slow = _bed.HttpStep("slow", "/slow-once") with { TimeoutSeconds = 5, Attempts = 2, BackoffSeconds = 1 };
        var workflow = await _bed.AddWorkflowAsync(slow);
        // The lease of a request in flight ends 5 s (its time-out) + 1 s (this grace) after it was sent.
        string[] settings = ["--Workbench:Workflows:InterruptedGrace=00:00:01"];
        var first = await _bed.StartWorkbenchAsync(settings);
        var runId = await _bed.StartRunAsync(workflow);
        await _bed.Server.SlowReceived.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await first.KillAsync();

        await _bed.StartWorkbenchAsync(settings);
        await WorkflowCrashBed.WaitUntilAsync(async () => (await _bed.RunAsync(runId)).State != WorkflowRunState.Running, "the run ends");

        Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
        var attempts = await _bed.AttemptsAsync(runId);
        Assert.Equal([(1, WorkflowStepState.Failed), (2, WorkflowStepState.Succeeded)], attempts.Select(a => (a.Attempt, a.State)));
        Assert.Contains("interrupted", attempts[0].Error, StringComparison.Ordinal);
        // At least once: the request cut short by the kill is sent again.
        Assert.Equal(new Dictionary<string, int> { [$"/slow-once?run={runId}&step=slow"] = 2 }, _bed.RequestCounts());
    }

    [Fact]
    public async Task TwoProcessesOnOneFile_TwentyRuns_EachStepOfEachRunOnce()
    {
        var workflow = await _bed.AddWorkflowAsync(_bed.HttpStep("first"), WorkflowCrashBed.WaitStep("rest", seconds: 1), _bed.HttpStep("second"));
        await Task.WhenAll(_bed.StartWorkbenchAsync(), _bed.StartWorkbenchAsync());
        List<long> runIds = [];
        for (var i = 0; i < 20; i++)
        {
            runIds.Add(await _bed.StartRunAsync(workflow));
        }

        foreach (var runId in runIds)
        {
            await WorkflowCrashBed.WaitUntilAsync(async () => (await _bed.RunAsync(runId)).State != WorkflowRunState.Running, $"run {runId} ends");
        }

        foreach (var runId in runIds)
        {
            Assert.Equal(WorkflowRunState.Succeeded, (await _bed.RunAsync(runId)).State);
            Assert.Equal([("first", 1), ("rest", 1), ("second", 1)], (await _bed.AttemptsAsync(runId)).Select(a => (a.StepName, a.Attempt)));
        }

        var expected = runIds.SelectMany(id => new[] { $"/orders/search?run={id}&step=first", $"/orders/search?run={id}&step=second" })
            .ToDictionary(path => path, _ => 1);
        Assert.Equal(expected, _bed.RequestCounts());
    }

    // The steps the log lines name (Step "name" …), in the order the run wrote them, each once per stretch.
    private static List<string> StepsInLogOrder(IEnumerable<string> log)
    {
        var steps = new List<string>();
        foreach (var match in log.Select(line => StepName().Match(line)).Where(m => m.Success))
        {
            if (steps.Count == 0 || steps[^1] != match.Groups[1].Value)
            {
                steps.Add(match.Groups[1].Value);
            }
        }

        return steps;
    }

    [GeneratedRegex("^Step \"([a-z_]+)\"")]
    private static partial Regex StepName();
}
