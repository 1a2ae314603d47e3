namespace RpaWorkbench.Core.Dashboard;

/// <summary>What both roll-ups are keyed by first: the operator-zone day, the robot account and the app.</summary>
internal interface IRollupRow
{
    DateOnly Day { get; }
    string ShadowBotAccount { get; }
    string AppName { get; }
}

internal static class RollupRange
{
    /// <summary>The rows of the days <paramref name="firstDay"/>…<paramref name="lastDay"/>, of one account and/or app if given.</summary>
    public static IQueryable<T> Within<T>(this IQueryable<T> rows, DateOnly firstDay, DateOnly lastDay, string? account, string? app)
        where T : class, IRollupRow
    {
        rows = rows.Where(r => r.Day >= firstDay && r.Day <= lastDay);
        if (account is not null)
        {
            rows = rows.Where(r => r.ShadowBotAccount == account);
        }

        return app is null ? rows : rows.Where(r => r.AppName == app);
    }
}
