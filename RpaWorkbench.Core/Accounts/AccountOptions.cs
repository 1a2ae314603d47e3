namespace RpaWorkbench.Core.Accounts;

/// <summary><c>Workbench:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Workbench:Accounts";

    /// <summary>A robot is shown offline when its last heartbeat is older than this.</summary>
    [TimeSpanRange("00:00:00", MinimumIsExclusive = true)]
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>A robot is online at <paramref name="now"/> when its last heartbeat is at or after this instant.</summary>
    public DateTime OnlineSince(DateTime now) => now - OfflineAfter;
}

[OptionsValidator]
internal sealed partial class AccountOptionsValidator : IValidateOptions<AccountOptions>;

internal static class AccountServiceCollectionExtensions
{
    public static IServiceCollection AddAccountOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<AccountOptions, AccountOptionsValidator>(AccountOptions.SectionName, SettingsGroups.General,
        s => s.Add(o => o.OfflineAfter, "Settings.OfflineAfter")).Services;
}
