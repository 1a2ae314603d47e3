namespace RpaWorkbench.Core.Workflows.Http;

/// <summary>
/// The rules of an HTTP step's settings, shared by the definition check (at save) and the runner: the methods it may
/// use and its success statuses, a list of codes and ranges such as <c>200-299,404</c>.
/// </summary>
public static class WorkflowHttpRules
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    /// <summary>Whether an HTTP step may send <paramref name="method"/> (upper case, as sent).</summary>
    public static bool IsAllowedMethod(string? method) => method is not null && Methods.Contains(method, StringComparer.Ordinal);

    /// <summary>Why <paramref name="statuses"/> is not a list of status codes and ranges, or null when it is.</summary>
    public static string? CheckStatuses(string? statuses) => ParseStatuses(statuses).Problem;

    /// <summary>Whether <paramref name="status"/> is one of <paramref name="statuses"/> (a list <see cref="CheckStatuses"/> accepts).</summary>
    public static bool IsSuccess(string statuses, int status)
    {
        var (ranges, problem) = ParseStatuses(statuses);
        return problem is null ? ranges.Any(r => r.From <= status && status <= r.To) : throw new ArgumentException(problem, nameof(statuses));
    }

    private static (List<(int From, int To)> Ranges, string? Problem) ParseStatuses(string? statuses)
    {
        var ranges = new List<(int From, int To)>();
        if (string.IsNullOrWhiteSpace(statuses))
        {
            return (ranges, "Give the success statuses as codes and ranges, e.g. 200-299 or 200,201,404.");
        }

        foreach (var item in statuses.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = item.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !bounds.All(IsStatus))
            {
                return (ranges, $"\"{item}\" is not a status code (100 to 599) or a range of them such as 200-299.");
            }

            var (from, to) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture));
            if (from > to)
            {
                return (ranges, $"The range \"{item}\" ends before it starts.");
            }

            ranges.Add((from, to));
        }

        return (ranges, null);
    }

    private static bool IsStatus(string text) =>
        text.Length == 3 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is >= 100 and <= 599;
}
