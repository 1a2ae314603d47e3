using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>A rule about the seed's task (<see cref="SeedValues"/>) as examples of <c>/api/v1/alert-rules</c> in the document.</summary>
internal static class AlertRuleExamples
{
    private const string Name = "云仓收藏连续失败";

    private static readonly AlertRuleView Seed = new(
        1, Name, AlertRuleKind.FailuresInARow, Enabled: true, AlertSeverity.Critical,
        new AlertRuleScope(SeedValues.App, null, null, null, null, SeedValues.TaskId, "云仓收藏-每日"),
        Threshold: 3, Percent: null, WindowMinutes: null, MinRuns: null, GroupBy: null,
        [new AlertRuleChannel(1, "运维钉钉群", AlertChannelKind.DingTalk, Enabled: true)],
        DedupMinutes: 30, "22:00", "07:00", SendResolved: true,
        "admin", SeedValues.Registered, SeedValues.Registered, Version: 0);

    public static readonly ApiExample[] List =
        [ApiExample.Of("seed", "A rule about the seed's task", new ApiPage<AlertRuleView>([Seed], 1, 1, ApiPaging.DefaultPageSize), StatusCodes.Status200OK)];

    public static readonly ApiExample[] One = [ApiExample.Of("seed", "A rule about the seed's task", Seed, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Body =
    [
        ApiExample.Of("seed", "Three failed runs of the seed's task in a row, quiet at night", new AlertRuleRequest
        {
            Name = Name, Kind = "failures_in_a_row", Severity = "critical", AppName = SeedValues.App, TaskId = SeedValues.TaskId,
            Threshold = 3, ChannelIds = [1], QuietFrom = "22:00", QuietTo = "07:00",
        }),
        ApiExample.Of("rate", "Under 90 % of an account's runs in the last hour succeeded (at least 5 ran)", new AlertRuleRequest
        {
            Name = "成功率低于 90%", Kind = "success_rate_below", Percent = 90, WindowMinutes = 60, MinRuns = 5, GroupBy = "account", ChannelIds = [1],
        }),
    ];

    public static readonly ApiExample[] Created = [ApiExample.Of("seed", "The rule as created", Seed, StatusCodes.Status201Created)];

    public static readonly ApiExample[] Updated = [ApiExample.Of("seed", "The rule as changed", Seed with { Version = 1 }, StatusCodes.Status200OK)];
}
