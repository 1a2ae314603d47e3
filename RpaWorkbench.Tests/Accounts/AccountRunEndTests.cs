using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Accounts;

/// <summary>
/// What a robot account shows after a run ends: completed, idle after a stop, failed otherwise; the robot's own
/// reports may arrive out of order, the Workbench's verdicts are about the run in progress.
/// </summary>
public sealed class AccountRunEndTests
{
    private static readonly DateTime LastEnd = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ExecutionStatus.Completed, AccountStatus.Completed)]
    [InlineData(ExecutionStatus.Failed, AccountStatus.Failed)]
    [InlineData(ExecutionStatus.Stopped, AccountStatus.Pending)]
    [InlineData(ExecutionStatus.TimedOut, AccountStatus.Failed)]
    [InlineData(ExecutionStatus.Lost, AccountStatus.Failed)]
    public void EndRun_Later_ShowsTheOutcomeTheRunsAppAndEnd(ExecutionStatus outcome, AccountStatus expected)
    {
        var account = Running();
        var ended = new DateTime(2026, 11, 25, 8, 20, 0, DateTimeKind.Utc);

        account.EndRun(outcome, "对账", ended, Now);

        Assert.Equal((expected, "对账", (DateTime?)ended, Now), (account.Status, account.RecentApp, account.EndTime, account.UpdatedAt));
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Failed)]
    public void EndRun_ReportedByTheRobot_ThatEndedBeforeTheLastKnownEnd_LeavesTheAccount(ExecutionStatus outcome)
    {
        var account = Running();

        account.EndRun(outcome, "对账", LastEnd.AddMinutes(-1), Now);

        Assert.Equal(
            (AccountStatus.Running, "财务日报", (DateTime?)LastEnd, LastEnd),
            (account.Status, account.RecentApp, account.EndTime, account.UpdatedAt));
    }

    [Fact]
    public void EndRun_ReportedByTheRobot_EndingAtTheLastKnownEnd_Applies()
    {
        var account = Running();

        account.EndRun(ExecutionStatus.Completed, "对账", LastEnd, Now);

        Assert.Equal(AccountStatus.Completed, account.Status);
    }

    [Theory]
    [InlineData(ExecutionStatus.Stopped, AccountStatus.Pending)]
    [InlineData(ExecutionStatus.TimedOut, AccountStatus.Failed)]
    [InlineData(ExecutionStatus.Lost, AccountStatus.Failed)]
    public void EndRun_WorkbenchVerdict_AppliesEvenBeforeTheLastKnownEnd(ExecutionStatus verdict, AccountStatus expected)
    {
        // A robot whose clock runs ahead reported an end later than the Workbench's now.
        var account = Running();
        var earlier = LastEnd.AddMinutes(-5);

        account.EndRun(verdict, "财务日报", earlier, earlier);

        Assert.Equal((expected, (DateTime?)earlier), (account.Status, account.EndTime));
    }

    [Fact]
    public void EndRun_FirstRunEver_Applies()
    {
        var account = Running();
        account.EndTime = null;

        account.EndRun(ExecutionStatus.Failed, "对账", LastEnd.AddYears(-1), Now);

        Assert.Equal(AccountStatus.Failed, account.Status);
    }

    private static Account Running() => new()
    {
        Id = 3,
        ShadowBotAccount = "tygj00001",
        HostIp = "192.168.10.21",
        Port = 8080,
        TaskControl = "tygj00001-192.168.10.21:8080",
        Status = AccountStatus.Running,
        RecentApp = "财务日报",
        EndTime = LastEnd,
        CreatedAt = LastEnd.AddDays(-30),
        UpdatedAt = LastEnd,
    };
}
