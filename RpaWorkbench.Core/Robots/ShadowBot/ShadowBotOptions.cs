namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>How the Workbench reaches the ShadowBot (影刀) OpenAPI and takes its callbacks (<c>Workbench:ShadowBot</c>).</summary>
public sealed class ShadowBotOptions
{
    public const string SectionName = "Workbench:ShadowBot";

    /// <summary>The OpenAPI host: the public cloud, or a private-cloud (专有云) tenant's own host.</summary>
    [HttpUrl(BaseOnly = true)]
    public Uri BaseUrl { get; set; } = new("https://api.yingdao.com");

    /// <summary>The key pair an admin creates in 控制台 → API执行 → API配置.</summary>
    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }

    /// <summary>How often the reconciler asks job/query about queued jobs and about runs without news (Mode=ShadowBot).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A running or stopping run with no callback for this long has its job queried (every pass) until it ends.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often client/list is read to update the robot accounts' ShadowBot status and heartbeat (Mode=ShadowBot).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan ClientPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far a signed native callback's <c>timestamp</c> may be from now (either way) before it is refused as a replay.</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan CallbackMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Both halves of the key pair are set.</summary>
    public bool HasKeyPair => !string.IsNullOrWhiteSpace(AccessKeyId) && !string.IsNullOrWhiteSpace(AccessKeySecret);
}

[OptionsValidator]
internal sealed partial class ShadowBotOptionsValidator : IValidateOptions<ShadowBotOptions>;
