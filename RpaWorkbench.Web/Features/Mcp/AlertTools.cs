using System.ComponentModel;
using ModelContextProtocol.Server;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.History;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>Alerts: what the alert rules raised and whether their messages reached the channels (any key that may read).</summary>
[McpServerToolType]
internal sealed class AlertTools
{
    [McpServerTool(Name = "list_alerts", ReadOnly = true, UseStructuredContent = true)]
    [Description("Lists alerts the Workbench's alert rules raised, newest first: the rule, its kind (e.g. failures_in_a_row, " +
                 "robot_offline, run_failed), severity (info, warning, critical), what it is about (e.g. task:12, account:3), its state " +
                 "(firing: the condition still holds; resolved: it cleared; occurred: a one-off event), its title and detail lines, when " +
                 "it fired and was last seen, how often, and how many of its messages to channels were delivered, are still waiting " +
                 "or failed. Returns the total number of matches and at most 'limit' alerts.")]
    public static async Task<AlertList> ListAlerts(
        AlertHistory history,
        [Description("firing, resolved or occurred; omit for all.")] string? state = null,
        [Description("info, warning or critical; omit for all.")] string? severity = null,
        [Description("Only alerts fired at or after this ISO 8601 time with offset, e.g. 2026-12-07T08:00:00Z.")] DateTimeOffset? since = null,
        [Description("The language of titles and lines: en (default) or zh-CN.")] string? language = null,
        [Description("How many alerts to return, 1-200 (default 50).")] int limit = RobotTools.DefaultLimit,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var query = new AlertQuery
        {
            State = arguments.Enum<AlertState>("state", state),
            Severity = arguments.Enum<AlertSeverity>("severity", severity),
            Since = since?.UtcDateTime,
            PageSize = arguments.InRange("limit", limit, 1, RobotTools.MaxLimit),
        };
        arguments.ThrowIfInvalid();

        var culture = language ?? "en";
        var page = await history.ListAsync(query, cancellationToken);
        return new AlertList(page.TotalCount, [.. page.Items.Select(row => AlertItem.From(row, culture))]);
    }
}

/// <summary>Alerts matching the filters: <c>total</c> of them, the first <c>alerts.Count</c> listed.</summary>
internal sealed record AlertList(int Total, IReadOnlyList<AlertItem> Alerts);

internal sealed record AlertItem(
    long Id, string Rule, AlertRuleKind Kind, AlertSeverity Severity, string Subject, AlertState State, string Title,
    IReadOnlyList<string> Lines, DateTime FiredAt, DateTime LastSeenAt, int Occurrences, DateTime? ResolvedAt,
    int Delivered, int Waiting, int Failed)
{
    public static AlertItem From(AlertRow a, string culture)
    {
        var text = a.TextIn(culture);
        return new(a.Id, a.RuleName, a.Kind, a.Severity, a.SubjectKey, a.State, text.Title, text.Lines, a.FiredAt, a.LastSeenAt,
            a.Occurrences, a.ResolvedAt, a.Delivered, a.Waiting, a.Failed);
    }
}
