namespace RpaWorkbench.Core.Executions;

/// <summary>
/// Which execution logs an operator is looking at: the logs page, its CSV export and the dashboard's links share it, so
/// a bookmarked view, an export and a click-through always mean the same rows. Times are UTC instants (the page
/// converts the operator's wall-clock range); <see cref="ToUtc"/> is exclusive.
/// </summary>
public sealed record ExecutionLogFilter
{
    /// <summary>Exact robot account (<c>shadow_bot_account</c>).</summary>
    public string? Account { get; init; }

    /// <summary>Exact app name.</summary>
    public string? App { get; init; }

    public ExecutionStatus? Status { get; init; }

    /// <summary>Runs that started at or after this instant.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Runs that started before this instant.</summary>
    public DateTime? ToUtc { get; init; }

    /// <summary>Free text, matched anywhere in the summary text or the error message.</summary>
    public string? Text { get; init; }

    /// <summary>Applies the filter; each exact field is served by an index that leads with it and ends with the start time.</summary>
    public IQueryable<ExecutionLog> Apply(IQueryable<ExecutionLog> logs) => ApplyText(ApplyIndexed(logs));

    /// <summary>Applies account, app, status and time range: the parts an index can serve.</summary>
    public IQueryable<ExecutionLog> ApplyIndexed(IQueryable<ExecutionLog> logs)
    {
        if (!string.IsNullOrWhiteSpace(Account))
        {
            var account = Account.Trim();
            logs = logs.Where(l => l.ShadowBotAccount == account);
        }

        if (!string.IsNullOrWhiteSpace(App))
        {
            var app = App.Trim();
            logs = logs.Where(l => l.AppName == app);
        }

        if (Status is { } status)
        {
            logs = logs.Where(l => l.Status == status);
        }

        if (FromUtc is { } from)
        {
            logs = logs.Where(l => l.StartTime >= from);
        }

        if (ToUtc is { } to)
        {
            logs = logs.Where(l => l.StartTime < to);
        }

        return logs;
    }

    /// <summary>Applies the free text: a LIKE over each candidate row, which no index serves.</summary>
    public IQueryable<ExecutionLog> ApplyText(IQueryable<ExecutionLog> logs)
    {
        if (!string.IsNullOrWhiteSpace(Text))
        {
            var pattern = LikePattern.Contains(Text.Trim());
            logs = logs.Where(l => EF.Functions.Like(SqlText.Lower(l.Text), pattern, LikePattern.Escape)
                                   || EF.Functions.Like(SqlText.Lower(l.ErrorMessage), pattern, LikePattern.Escape));
        }

        return logs;
    }

    /// <summary>
    /// Whether a newly stored run could be in this view, judged on what the event carries (account, app, status); the
    /// time range and text are left to the query that reloads the view.
    /// </summary>
    public bool CouldMatch(string account, string app, ExecutionStatus status) =>
        (string.IsNullOrWhiteSpace(Account) || string.Equals(Account.Trim(), account, StringComparison.Ordinal))
        && (string.IsNullOrWhiteSpace(App) || string.Equals(App.Trim(), app, StringComparison.Ordinal))
        && (Status is null || Status == status);
}
