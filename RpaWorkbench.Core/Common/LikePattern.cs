namespace RpaWorkbench.Core.Common;

/// <summary>Builds a "contains" LIKE pattern with the user's wildcards escaped.</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal)
                  .Replace("%", "\\%", StringComparison.Ordinal)
                  .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
