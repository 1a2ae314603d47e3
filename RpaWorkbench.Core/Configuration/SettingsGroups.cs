namespace RpaWorkbench.Core.Configuration;

/// <summary>The groups of the settings page and docs/configuration.md, in their order; features put their settings in them.</summary>
public static class SettingsGroups
{
    public static readonly SettingsGroup General = new("Settings.General", 10);
    public static readonly SettingsGroup PublicAddress = new("Settings.PublicAddress", 20);
    public static readonly SettingsGroup Robots = new("Settings.Robots", 30);
    public static readonly SettingsGroup Scheduler = new("Settings.Scheduler", 40);
    public static readonly SettingsGroup Dispatch = new("Settings.Dispatch", 45);
    public static readonly SettingsGroup Webhooks = new("Settings.Webhooks", 50);
    public static readonly SettingsGroup Batches = new("Settings.Batches", 52);
    public static readonly SettingsGroup Workflows = new("Settings.Workflows", 53);
    public static readonly SettingsGroup AlertDelivery = new("Settings.AlertDelivery", 54);
    public static readonly SettingsGroup Api = new("Settings.Api", 55);
    public static readonly SettingsGroup Alerts = new("Settings.Alerts", 57);
    public static readonly SettingsGroup Logs = new("Settings.Logs", 60);
    public static readonly SettingsGroup Storage = new("Settings.Storage", 70);
    public static readonly SettingsGroup ResourceProxy = new("Settings.ResourceProxy", 80);
    public static readonly SettingsGroup Database = new("Settings.Database", 90);
    public static readonly SettingsGroup Redis = new("Settings.Redis", 100);
    public static readonly SettingsGroup Telemetry = new("Settings.Telemetry", 105);
    public static readonly SettingsGroup SignIn = new("Settings.SignIn", 110);
    public static readonly SettingsGroup Host = new("Settings.ForwardedHeaders", 120);
    public static readonly SettingsGroup Passwords = new("Settings.Passwords", 130);
    public static readonly SettingsGroup Bootstrap = new("Settings.Bootstrap", 140);
}
