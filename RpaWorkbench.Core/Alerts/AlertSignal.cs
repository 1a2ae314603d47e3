namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// What a rule's evaluation found about one subject: its key (see <see cref="Alert.SubjectKey"/>), its words in both
/// languages, and the Workbench page it is about (a path such as <c>/logs?task=12</c>).
/// </summary>
public sealed record AlertSignal(string SubjectKey, AlertText TextEn, AlertText TextZh, string? LinkPath);
