using System.ComponentModel.DataAnnotations;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary><c>Workbench:Webhooks:RateLimit</c>: how fast one API key may call the webhooks (a token bucket per key).</summary>
public sealed class WebhookRateLimitOptions
{
    public const string SectionName = "Workbench:Webhooks:RateLimit";

    /// <summary>Calls per second one key may keep up; the bucket is refilled by this many each second.</summary>
    [NumberRange(1)]
    public int PermitsPerSecond { get; set; } = 20_000;

    /// <summary>Calls one key may make at once (the bucket's size), e.g. a fleet reporting after a network outage.</summary>
    [NumberRange(1)]
    public int Burst { get; set; } = 20_000;
}

[OptionsValidator]
internal sealed partial class WebhookRateLimitOptionsValidator : IValidateOptions<WebhookRateLimitOptions>;
