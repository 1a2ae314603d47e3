using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace RpaWorkbench.Core.Redis;

/// <summary>
/// <c>Workbench:Redis</c>, used when <c>ConnectionStrings:Redis</c> is set: several instances then share the live-event
/// stream and the Data Protection keys through that Redis.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Workbench:Redis";
    public const string ConnectionStringName = "Redis";
    public const string DefaultPrefix = "rpa-workbench";

    /// <summary>
    /// Starts the names this Workbench uses in Redis (<c>{Prefix}:events</c>, <c>{Prefix}:data-protection-keys</c>);
    /// two Workbenches that share one Redis need different prefixes, the instances of one Workbench the same.
    /// </summary>
    [Required(ErrorMessage = "{0} must not be empty.")]
    public string Prefix { get; set; } = DefaultPrefix;

    /// <summary>How long start-up waits for Redis to answer before it gives up with an error.</summary>
    [TimeSpanRange("00:00:00", "00:10:00", MinimumIsExclusive = true)]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The pub/sub channel of the live-event stream.</summary>
    public string EventsChannel => $"{Prefix}:events";

    /// <summary>The Redis list that holds the Data Protection key ring.</summary>
    public string DataProtectionKey => $"{Prefix}:data-protection-keys";

    /// <summary><c>ConnectionStrings:Redis</c>, or null when the Workbench runs as one instance.</summary>
    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}

[OptionsValidator]
internal sealed partial class RedisOptionsValidator : IValidateOptions<RedisOptions>;
