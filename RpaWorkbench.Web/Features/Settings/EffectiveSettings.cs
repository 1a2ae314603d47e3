using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Web.Features.Settings;

/// <summary>One configuration value as the Workbench uses it: a label (resource key), the configuration key, the value.</summary>
public sealed record Setting(string Label, string Key, string Value, bool IsSecret = false);

/// <summary>Settings of one area, under a title (resource key).</summary>
public sealed record SettingGroup(string Title, IReadOnlyList<Setting> Settings);

/// <summary>
/// The effective configuration, read from the bound options (defaults and overrides applied), for the settings page;
/// admins only. Secrets are never read out: only whether they are set. The database is shown by provider and file,
/// never by its connection string (which may hold a password). A feature that adds options adds its group here.
/// </summary>
public sealed class EffectiveSettings(
    ICurrentUser user,
    IOptions<TimeZoneOptions> timeZone,
    IOptions<AccountOptions> accounts,
    IOptions<WebhookOptions> webhooks,
    IOptions<LogRetentionOptions> logs,
    IOptions<DatabaseOptions> database,
    IOptions<DemoOptions> demo,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<IdentityOptions> identity,
    IOptions<Security.SignInOptions> signIn,
    IOptionsMonitor<CookieAuthenticationOptions> cookies,
    IDbContextFactory<WorkbenchDbContext> contexts)
{
    public const string SecretSet = "set";
    public const string SecretNotSet = "not set";

    /// <summary>The value shown when no retention is configured: every log is kept.</summary>
    public const string RetentionOff = "off";

    /// <summary>Every group, in the order the page shows them.</summary>
    public IReadOnlyList<SettingGroup> Read()
    {
        user.RequireAdminister();
        return [General(), Webhooks(), Logs(), Database(), SignIn(), Passwords(), Bootstrap()];
    }

    private SettingGroup General() => new("Settings.General",
    [
        new("Settings.TimeZone", "Workbench:TimeZone", timeZone.Value.TimeZone),
        new("Settings.OfflineAfter", "Workbench:Accounts:OfflineAfter", Text(accounts.Value.OfflineAfter)),
        new("Settings.Demo", "Workbench:Demo", Text(demo.Value.Demo)),
    ]);

    private SettingGroup Webhooks() => new("Settings.Webhooks",
    [
        new("Settings.RobotTimeZone", "Workbench:Webhooks:RobotTimeZone", webhooks.Value.RobotTimeZone),
        new("Settings.DurationTolerance", "Workbench:Webhooks:DurationTolerance", Text(webhooks.Value.DurationTolerance)),
        new("Settings.MaxBatchSize", "Workbench:Webhooks:MaxBatchSize", Text(webhooks.Value.MaxBatchSize)),
    ]);

    private SettingGroup Logs() => new("Settings.Logs",
    [
        new("Settings.RetentionDays", "Workbench:Logs:RetentionDays", logs.Value.RetentionDays is { } days ? Text(days) : RetentionOff),
        new("Settings.RetentionInterval", "Workbench:Logs:RetentionInterval", Text(logs.Value.RetentionInterval)),
        new("Settings.RetentionBatchSize", "Workbench:Logs:RetentionBatchSize", Text(logs.Value.RetentionBatchSize)),
        new("Settings.RetentionPause", "Workbench:Logs:RetentionPause", Text(logs.Value.RetentionPause)),
    ]);

    private SettingGroup Database()
    {
        using var db = contexts.CreateDbContext();
        var settings = new List<Setting> { new("Settings.DatabaseProvider", "ConnectionStrings:Workbench", db.Database.ProviderName ?? "") };
        if (db.Database.IsSqlite())
        {
            // Only the file: the rest of a connection string may carry a password.
            settings.Add(new("Settings.DataFile", "ConnectionStrings:Workbench", new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource));
        }

        settings.Add(new("Settings.BusyTimeout", "Workbench:Database:BusyTimeout", Text(database.Value.BusyTimeout)));
        settings.Add(new("Settings.CheckpointInterval", "Workbench:Database:CheckpointInterval", Text(database.Value.CheckpointInterval)));
        return new SettingGroup("Settings.Database", settings);
    }

    private SettingGroup SignIn() => new("Settings.SignIn",
    [
        new("Settings.MaxAttempts", "Workbench:SignIn:MaxAttempts", Text(signIn.Value.MaxAttempts)),
        new("Settings.AttemptWindow", "Workbench:SignIn:AttemptWindow", Text(signIn.Value.AttemptWindow)),
        new("Settings.SessionLifetime", "", Text(cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan)),
        new("Settings.SessionCheck", "", Text(SecuritySetup.RevalidationInterval)),
    ]);

    private SettingGroup Passwords()
    {
        var (password, lockout) = (identity.Value.Password, identity.Value.Lockout);
        return new SettingGroup("Settings.Passwords",
        [
            new("Settings.RequiredLength", "Workbench:Identity:Password:RequiredLength", Text(password.RequiredLength)),
            new("Settings.RequireDigit", "Workbench:Identity:Password:RequireDigit", Text(password.RequireDigit)),
            new("Settings.RequireLowercase", "Workbench:Identity:Password:RequireLowercase", Text(password.RequireLowercase)),
            new("Settings.RequireUppercase", "Workbench:Identity:Password:RequireUppercase", Text(password.RequireUppercase)),
            new("Settings.RequireNonAlphanumeric", "Workbench:Identity:Password:RequireNonAlphanumeric", Text(password.RequireNonAlphanumeric)),
            new("Settings.RequiredUniqueChars", "Workbench:Identity:Password:RequiredUniqueChars", Text(password.RequiredUniqueChars)),
            new("Settings.MaxFailedAccessAttempts", "Workbench:Identity:Lockout:MaxFailedAccessAttempts", Text(lockout.MaxFailedAccessAttempts)),
            new("Settings.LockoutTimeSpan", "Workbench:Identity:Lockout:DefaultLockoutTimeSpan", Text(lockout.DefaultLockoutTimeSpan)),
        ]);
    }

    private SettingGroup Bootstrap() => new("Settings.Bootstrap",
    [
        new("Settings.BootstrapAdminUser", "Workbench:Bootstrap:AdminUser", bootstrap.Value.AdminUser ?? ""),
        SecretState("Settings.BootstrapAdminPassword", "Workbench:Bootstrap:AdminPassword", bootstrap.Value.AdminPassword),
        SecretState("Settings.BootstrapWebhookApiKey", "Workbench:Bootstrap:WebhookApiKey", bootstrap.Value.WebhookApiKey),
    ]);

    private static Setting SecretState(string label, string key, string? secret) =>
        new(label, key, string.IsNullOrEmpty(secret) ? SecretNotSet : SecretSet, IsSecret: true);

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(bool value) => value ? "true" : "false";
}
