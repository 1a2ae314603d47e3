namespace RpaWorkbench.Core.Common;

/// <summary>
/// Builds a "contains" LIKE pattern with the user's wildcards escaped, in lower case: callers match it against the
/// column's <c>ToLower()</c>, so the search ignores case on PostgreSQL (whose LIKE does not) as on SQLite (whose LIKE
/// ignores ASCII case).
/// </summary>
internal static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string term) =>
        "%" + term.ToLowerInvariant()
                  .Replace("\\", "\\\\", StringComparison.Ordinal)
                  .Replace("%", "\\%", StringComparison.Ordinal)
                  .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
