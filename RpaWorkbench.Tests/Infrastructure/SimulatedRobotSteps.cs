namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The simulated robot's script, played on a <see cref="TestClock"/> (with <see cref="SimulatedWorkbenchFactory.Settings"/>):
/// after a start it waits <see cref="SimulatedWorkbenchFactory.ConfirmDelay"/> (opening the app), confirms, then works
/// for a time between the minimum and maximum run durations before it reports completion. Each step goes once the robot
/// is seen waiting for it, by exactly the time it waits.
/// </summary>
public static class SimulatedRobotSteps
{
    /// <summary>A timer of the robot's work on a run: one-off, as long as a run lasts.</summary>
    public static bool IsRunWork(ClockTimer timer) => timer.Period == Timeout.InfiniteTimeSpan
        && timer.DueTime >= SimulatedWorkbenchFactory.MinRunDuration && timer.DueTime <= SimulatedWorkbenchFactory.MaxRunDuration;

    /// <summary>Once the robot that took a start (after the first <paramref name="timersBefore"/> timers) opens the app, lets that time pass: it confirms.</summary>
    public static async Task LetTheRobotConfirmAsync(this TestClock clock, int timersBefore)
    {
        await clock.WaitForTimerAsync(timersBefore,
            t => t.Period == Timeout.InfiniteTimeSpan && t.DueTime == SimulatedWorkbenchFactory.ConfirmDelay, "the robot opening the app");
        clock.Advance(SimulatedWorkbenchFactory.ConfirmDelay);
    }

    /// <summary>Once the robot works on its run, lets exactly its work time pass (it reports completion) and returns that time.</summary>
    public static async Task<TimeSpan> LetTheRobotFinishAsync(this TestClock clock, int timersBefore)
    {
        var work = await clock.WaitForTimerAsync(timersBefore, IsRunWork, "the robot working on the run");
        clock.Advance(work.DueTime);
        return work.DueTime;
    }
}
