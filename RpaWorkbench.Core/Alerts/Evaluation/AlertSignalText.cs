using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>Writes an alert's words in English and Chinese side by side, line by line, so both always say the same.</summary>
internal sealed class AlertSignalText(string titleEn, string titleZh)
{
    /// <summary>How much of a run's error message an alert quotes.</summary>
    public const int MaxErrorLength = 200;

    private readonly List<string> _en = [];
    private readonly List<string> _zh = [];

    /// <summary>Adds "label: value" in both languages; nothing when the value is empty.</summary>
    public AlertSignalText Field(string labelEn, string labelZh, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _en.Add($"{labelEn}: {value}");
            _zh.Add($"{labelZh}：{value}");
        }

        return this;
    }

    public AlertSignalText Line(string en, string zh)
    {
        _en.Add(en);
        _zh.Add(zh);
        return this;
    }

    public AlertSignalText Time(string labelEn, string labelZh, DateTime? utc, OperatorTime operatorTime) =>
        Field(labelEn, labelZh, utc is null ? null : operatorTime.Format(utc));

    public AlertSignalText Error(string? message) => Field("Error", "错误", Cut(message));

    public AlertSignal For(string subjectKey, string? linkPath) =>
        new(subjectKey, new AlertText(titleEn, [.. _en]), new AlertText(titleZh, [.. _zh]), linkPath);

    private static string? Cut(string? message)
    {
        var text = message?.Trim().ReplaceLineEndings(" ");
        return text is { Length: > MaxErrorLength } ? text[..(MaxErrorLength - 1)] + "…" : text;
    }
}

/// <summary>The subject keys alerts are grouped by (see <see cref="Alert.SubjectKey"/>).</summary>
internal static class AlertSubjects
{
    public static string Task(long id) => Invariant($"task:{id}");

    public static string Account(long id) => Invariant($"account:{id}");

    public static string App(string name) => $"app:{name}";

    /// <summary>A run without a task: its app on its robot.</summary>
    public static string AppOn(string app, string account) => $"app:{app}@{account}";

    public static string Batch(long id) => Invariant($"batch:{id}");

    public static string WorkflowRun(long id) => Invariant($"workflow_run:{id}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>The Workbench pages alerts link to.</summary>
internal static class AlertLinks
{
    public static string Log(long id) => FormattableString.Invariant($"/logs/{id}");

    public static string Logs(string? app = null, string? account = null, string? status = null)
    {
        var query = new[] { ("app", app), ("account", account), ("status", status) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        var joined = string.Join('&', query);
        return joined.Length == 0 ? "/logs" : "/logs?" + joined;
    }

    public const string Accounts = "/accounts";

    public const string Queue = "/queue";

    public static string Batch(long id) => FormattableString.Invariant($"/batches/{id}");

    public static string WorkflowRun(long id) => FormattableString.Invariant($"/workflow-runs/{id}");
}
