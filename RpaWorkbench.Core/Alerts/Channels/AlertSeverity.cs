namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>How urgent an alert is; channels show it (a colour, an emoji, a subject prefix).</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
