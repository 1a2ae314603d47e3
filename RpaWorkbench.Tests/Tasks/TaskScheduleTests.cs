using Cronos;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>Fire times of a schedule, read in the operator's zone, including both DST changes.</summary>
public sealed class TaskScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void ShanghaiMidnight_Is1600UtcTheDayBefore()
    {
        var times = TaskSchedule.NextFireTimes("0 0 * * *", Utc(2026, 11, 25, 8, 0), Shanghai, 3);

        Assert.Equal([Utc(2026, 11, 25, 16, 0), Utc(2026, 11, 26, 16, 0), Utc(2026, 11, 27, 16, 0)], times);
        Assert.All(times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void WeekdaysAtNine_SkipTheWeekend()
    {
        // Friday 2026-11-27 09:00 Shanghai, then Monday and Tuesday.
        var times = TaskSchedule.NextFireTimes("0 9 * * 1-5", Utc(2026, 11, 27, 0, 0), Shanghai, 3);

        Assert.Equal([Utc(2026, 11, 27, 1, 0), Utc(2026, 11, 30, 1, 0), Utc(2026, 12, 1, 1, 0)], times);
    }

    [Fact]
    public void NewYorkSpringForward_TheSkippedTimeFiresWhenTheClockJumps()
    {
        // 2026-03-08 02:30 does not exist in New York: it fires at 03:00 EDT (07:00 UTC), then 02:30 EDT (06:30 UTC).
        var times = TaskSchedule.NextFireTimes("30 2 * * *", Utc(2026, 3, 7, 12, 0), NewYork, 2);

        Assert.Equal([Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 9, 6, 30)], times);
    }

    [Fact]
    public void NewYorkFallBack_TheRepeatedTimeFiresOnce()
    {
        // 2026-11-01 01:30 happens twice in New York; only the first (EDT, 05:30 UTC) fires.
        var times = TaskSchedule.NextFireTimes("30 1 * * *", Utc(2026, 10, 31, 12, 0), NewYork, 2);

        Assert.Equal([Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30)], times);
    }

    [Fact]
    public void NextFire_TheEarlierOfTriggerAndCron_StrictlyAfterTheGivenTime()
    {
        var from = Utc(2026, 11, 25, 8, 0);

        Assert.Equal(Utc(2026, 11, 25, 9, 0), TaskSchedule.NextFire(Utc(2026, 11, 25, 9, 0), "0 0 * * *", from, Shanghai));
        Assert.Equal(Utc(2026, 11, 25, 16, 0), TaskSchedule.NextFire(Utc(2026, 11, 26, 9, 0), "0 0 * * *", from, Shanghai));
        Assert.Equal(Utc(2026, 11, 25, 16, 0), TaskSchedule.NextFire(from, "0 0 * * *", from, Shanghai));
        Assert.Null(TaskSchedule.NextFire(from, null, from, Shanghai));
        Assert.Null(TaskSchedule.NextFire(null, " ", from, Shanghai));
    }

    [Fact]
    public void TimeReadBackFromTheDatabase_IsTakenAsUtc()
    {
        var unspecified = DateTime.SpecifyKind(Utc(2026, 11, 25, 8, 0), DateTimeKind.Unspecified);

        Assert.Equal(Utc(2026, 11, 25, 16, 0), TaskSchedule.NextFire(null, "0 0 * * *", unspecified, Shanghai));
    }

    [Theory]
    [InlineData("0 0 * *")]
    [InlineData("0 0 0 * * *")]
    [InlineData("61 0 * * *")]
    public void NotAFiveFieldCron_Throws(string cron) =>
        Assert.Throws<CronFormatException>(() => TaskSchedule.NextFireTimes(cron, Utc(2026, 11, 25, 8, 0), Shanghai, 1));

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
