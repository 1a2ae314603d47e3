using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Tests.Executions;

public sealed class LogFilterQueryTests
{
    private static readonly OperatorTime Shanghai = new(Options.Create(new TimeZoneOptions { TimeZone = "Asia/Shanghai" }));

    [Theory]
    [InlineData("2026-11-25", "2026-11-24T16:00:00Z")]
    [InlineData("2026-11-25T08:30", "2026-11-25T00:30:00Z")]
    [InlineData("2026-11-25 08:30:15", "2026-11-25T00:30:15Z")]
    [InlineData("2026-11-25T00:30:00Z", "2026-11-25T00:30:00Z")]
    [InlineData("2026-11-25T08:30:00+08:00", "2026-11-25T00:30:00Z")]
    [InlineData("2026-11-25T08:30:00 08:00", "2026-11-25T00:30:00Z")] // an unencoded '+' arrives as a space
    [InlineData("2026-11-24T19:30:00-05:00", "2026-11-25T00:30:00Z")]
    public void Parse_From_AcceptsDatesLocalTimesAndInstants(string from, string expectedUtc)
    {
        var filter = LogFilterQuery.Parse(Shanghai, null, null, null, from, null, null);

        Assert.Equal(DateTime.Parse(expectedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal), filter.FromUtc);
    }

    [Fact]
    public void Parse_ToDate_IncludesThatWholeDay()
    {
        var filter = LogFilterQuery.Parse(Shanghai, null, null, null, null, "2026-11-25", null);

        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), filter.ToUtc);
    }

    [Fact]
    public void Parse_TextAndNames_TrimmedAndBlankMeansNone()
    {
        var filter = LogFilterQuery.Parse(Shanghai, " tygj001 ", "  ", "FAILED", null, null, " 超时 ");

        Assert.Equal(new ExecutionLogFilter { Account = "tygj001", Status = ExecutionStatus.Failed, Text = "超时" }, filter);
    }

    [Theory]
    [InlineData("status", "done", null, null)]
    [InlineData("from", null, "yesterday", null)]
    [InlineData("to", null, null, "2026-13-01")]
    [InlineData("to", null, "2026-11-26", "2026-11-25")]
    public void Parse_BadValue_NamesItsField(string field, string? status, string? from, string? to)
    {
        var error = Assert.Throws<ValidationFailedException>(() => LogFilterQuery.Parse(Shanghai, null, null, status, from, to, null));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Parse_TimeInADaylightSavingGap_NamesTheFieldInsteadOfFailing()
    {
        var berlin = new OperatorTime(Options.Create(new TimeZoneOptions { TimeZone = "Europe/Berlin" }));

        var error = Assert.Throws<ValidationFailedException>(() => LogFilterQuery.Parse(berlin, null, null, null, "2026-03-29T02:30", null, null));

        Assert.Equal("from", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void ToParameters_RoundTripsThroughParse()
    {
        var filter = new ExecutionLogFilter
        {
            Account = "tygj001", App = "云仓收藏", Status = ExecutionStatus.TimedOut, Text = "a&b=c",
            FromUtc = new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), ToUtc = new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc),
        };
        var values = LogFilterQuery.ToParameters(filter, Shanghai);

        Assert.Equal("2026-11-25T00:00:00", values["from"]);
        Assert.Equal("timed_out", values["status"]);
        Assert.Equal(filter, LogFilterQuery.Parse(Shanghai, (string?)values["account"], (string?)values["app"], (string?)values["status"],
            (string?)values["from"], (string?)values["to"], (string?)values["q"]));
    }
}
