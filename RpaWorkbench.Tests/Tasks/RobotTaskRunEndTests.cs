using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// How a task leaves its run, whoever ends it (the robot's callback, a force-stop, the watchdog) and how a start that
/// never reached a robot is given up. Expected values are the rules as operators see them, written out.
/// </summary>
public sealed class RobotTaskRunEndTests
{
    private static readonly DateTime Started = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(RobotTaskStatus.Starting)]
    [InlineData(RobotTaskStatus.Running)]
    [InlineData(RobotTaskStatus.Stopping)]
    public void EndRun_OfTheRunInProgress_LeavesTheTaskPendingWithNoRun(RobotTaskStatus status)
    {
        var task = TaskIn(status, "run-1", lastRunTime: null);

        var ended = task.EndRun("run-1", ExecutionStatus.Completed, Started, error: null, Now);

        Assert.True(ended);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.Null(task.CurrentRunId);
        Assert.Equal(Started, task.LastRunTime);
        Assert.Null(task.ErrorMessage);
        Assert.Equal(Now, task.UpdatedAt);
    }

    [Theory]
    [InlineData(ExecutionStatus.Failed, "登录失败")]
    [InlineData(ExecutionStatus.Stopped, "Force-stopped by Ops Lead.")]
    [InlineData(ExecutionStatus.TimedOut, "No completion callback within 2:00:00.")]
    [InlineData(ExecutionStatus.Lost, "The robot stopped sending heartbeats at 2026-11-25 08:10:00 UTC.")]
    public void EndRun_NotCompleted_KeepsTheRunsMessageAsTheTasksError(ExecutionStatus outcome, string message)
    {
        var task = TaskIn(RobotTaskStatus.Running, "run-1", lastRunTime: null);

        task.EndRun("run-1", outcome, Started, message, Now);

        Assert.Equal(message, task.ErrorMessage);
    }

    [Fact]
    public void EndRun_Completed_ClearsAnEarlierError()
    {
        var task = TaskIn(RobotTaskStatus.Running, "run-1", lastRunTime: null);
        task.ErrorMessage = "Stop failed: robot busy";

        task.EndRun("run-1", ExecutionStatus.Completed, Started, "重试 1 次后成功", Now);

        Assert.Null(task.ErrorMessage);
    }

    [Fact]
    public void EndRun_OfAnEarlierRun_ChangesNothing()
    {
        var task = TaskIn(RobotTaskStatus.Running, "run-2", lastRunTime: Started);
        task.ErrorMessage = null;

        var ended = task.EndRun("run-1", ExecutionStatus.Failed, Started.AddHours(-1), "登录失败", Now);

        Assert.False(ended);
        Assert.Equal(
            (RobotTaskStatus.Running, "run-2", (DateTime?)Started, (string?)null, Started),
            (task.Status, task.CurrentRunId, task.LastRunTime, task.ErrorMessage, task.UpdatedAt));
    }

    [Fact]
    public void EndRun_WithoutARunId_EndsWhateverRuns()
    {
        var task = TaskIn(RobotTaskStatus.Running, "run-2", lastRunTime: null);

        Assert.True(task.EndRun(runId: null, ExecutionStatus.Completed, Started, error: null, Now));

        Assert.Equal((RobotTaskStatus.Pending, (string?)null), (task.Status, task.CurrentRunId));
    }

    [Fact]
    public void EndRun_OfARunTheRobotStartedOnItsOwn_EndsThePendingTask()
    {
        var task = TaskIn(RobotTaskStatus.Pending, runId: null, lastRunTime: null);

        Assert.True(task.EndRun("robot-own-7", ExecutionStatus.Failed, Started, "网页加载超时", Now));

        Assert.Equal((RobotTaskStatus.Pending, (DateTime?)Started, "网页加载超时"), (task.Status, task.LastRunTime, task.ErrorMessage));
    }

    [Fact]
    public void EndRun_StartedBeforeTheLastKnownRun_KeepsTheLaterLastRunTime()
    {
        var later = new DateTime(2026, 11, 25, 8, 5, 0, DateTimeKind.Utc);
        var task = TaskIn(RobotTaskStatus.Running, "run-1", lastRunTime: later);

        task.EndRun("run-1", ExecutionStatus.Completed, Started, error: null, Now);

        Assert.Equal(later, task.LastRunTime);
    }

    [Fact]
    public void AbandonStart_OfAStartingTask_GoesBackToPendingWithTheReason_AndNoRun()
    {
        var task = TaskIn(RobotTaskStatus.Starting, "run-1", lastRunTime: Started.AddDays(-1));

        task.AbandonStart("robot unreachable", Now);

        Assert.Equal(
            (RobotTaskStatus.Pending, (string?)null, "robot unreachable", (DateTime?)Started.AddDays(-1), Now),
            (task.Status, task.CurrentRunId, task.ErrorMessage, task.LastRunTime, task.UpdatedAt));
    }

    [Theory]
    [InlineData(RobotTaskStatus.Pending)]
    [InlineData(RobotTaskStatus.Running)]
    [InlineData(RobotTaskStatus.Stopping)]
    public void AbandonStart_OfATaskThatIsNotStarting_IsRefused_AndChangesNothing(RobotTaskStatus status)
    {
        var task = TaskIn(status, status == RobotTaskStatus.Pending ? null : "run-1", lastRunTime: null);

        Assert.Throws<InvalidOperationException>(() => task.AbandonStart("robot unreachable", Now));

        Assert.Equal((status, Started), (task.Status, task.UpdatedAt));
    }

    private static RobotTask TaskIn(RobotTaskStatus status, string? runId, DateTime? lastRunTime) => new()
    {
        Id = 7,
        TaskName = "财务日报-每日",
        AppName = "财务日报",
        AccountId = 3,
        Status = status,
        CurrentRunId = runId,
        RunStartedAt = runId is null ? null : Started,
        LastRunTime = lastRunTime,
        CreatedAt = Started.AddDays(-30),
        UpdatedAt = Started,
    };
}
