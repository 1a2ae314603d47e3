using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Tasks;

public sealed class TaskScheduleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void NextOccurrences_ShanghaiAcrossMidnight_AreWallClockTimesThereInUtc()
    {
        // 22:50 on 25 November in Shanghai (UTC+8).
        var from = new DateTime(2026, 11, 25, 14, 50, 0, DateTimeKind.Utc);

        var fires = TaskSchedule.NextOccurrences("*/30 23,0 * * *", from, Shanghai, 3);

        Assert.Equal(
            [Utc(2026, 11, 25, 15, 0), Utc(2026, 11, 25, 15, 30), Utc(2026, 11, 25, 16, 0)], // 23:00, 23:30, 00:00 on the 26th
            fires);
        Assert.All(fires, f => Assert.Equal(DateTimeKind.Utc, f.Kind));
    }

    [Fact]
    public void NextOccurrences_WeekdaysAtNine_SkipTheWeekendInTheOperatorsZone()
    {
        // Friday 27 November 2026, 09:00 in Shanghai: strictly after, so the next fires are Monday to Wednesday.
        var from = Utc(2026, 11, 27, 1, 0);

        var fires = TaskSchedule.NextOccurrences("0 9 * * 1-5", from, Shanghai, 3);

        Assert.Equal([Utc(2026, 11, 30, 1, 0), Utc(2026, 12, 1, 1, 0), Utc(2026, 12, 2, 1, 0)], fires);
    }

    [Fact]
    public void NextOccurrences_DaylightSavingStarts_DailyRunStillHappensOnceThatDay()
    {
        // 8 March 2026: New York's clocks jump from 02:00 to 03:00, so 02:30 does not exist that day.
        var fires = TaskSchedule.NextOccurrences("30 2 * * *", Utc(2026, 3, 7, 12, 0), NewYork, 3);

        Assert.Equal(3, fires.Count);
        Assert.Equal([new DateOnly(2026, 3, 8), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10)],
            fires.Select(f => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(f, NewYork))));
    }

    [Theory]
    [InlineData("0 0 9 * * *")]
    [InlineData("0 9 * *")]
    [InlineData("60 * * * *")]
    [InlineData("* * 32 * *")]
    [InlineData("every day")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotAFiveFieldExpression_IsNullAndPreviewsNothing(string? expression)
    {
        Assert.Null(TaskSchedule.Parse(expression));
        Assert.Empty(TaskSchedule.NextOccurrences(expression, Utc(2026, 11, 25, 0, 0), Shanghai, 3));
    }

    [Fact]
    public void NewYorkFallBack_TheRepeatedTimeFiresOnce()
    {
        // 2026-11-01 01:30 happens twice in New York; only the first (EDT, 05:30 UTC) fires.
        var times = TaskSchedule.NextOccurrences("30 1 * * *", Utc(2026, 10, 31, 12, 0), NewYork, 2);

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
    public void NextFire_TimeReadBackFromTheDatabase_IsTakenAsUtc()
    {
        var unspecified = DateTime.SpecifyKind(Utc(2026, 11, 25, 8, 0), DateTimeKind.Unspecified);

        Assert.Equal(Utc(2026, 11, 25, 16, 0), TaskSchedule.NextFire(null, "0 0 * * *", unspecified, Shanghai));
    }

    [Theory]
    [InlineData("0 0 * *")]
    [InlineData("0 0 0 * * *")]
    [InlineData("61 0 * * *")]
    public void NextFire_NotAFiveFieldCron_Throws(string cron) =>
        Assert.Throws<Cronos.CronFormatException>(() => TaskSchedule.NextFire(null, cron, Utc(2026, 11, 25, 8, 0), Shanghai));

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
