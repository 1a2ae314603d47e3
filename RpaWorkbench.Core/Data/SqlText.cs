namespace RpaWorkbench.Core.Data;

/// <summary>
/// SQL's built-in <c>lower()</c> in LINQ queries, the same on SQLite (ASCII letters) and PostgreSQL (every letter), for
/// searches that ignore case on both (see <see cref="Common.LikePattern"/>). Mapped in <see cref="WorkbenchDbContext"/>.
/// </summary>
internal static class SqlText
{
    public static string? Lower(string? text) => text?.ToLowerInvariant();
}
