using System.ComponentModel.DataAnnotations;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary><c>Workbench:ShadowBot</c>: what ShadowBot's native callback (<c>/api/v1/webhook/shadowbot</c>) accepts.</summary>
public sealed class ShadowBotCallbackOptions
{
    public const string SectionName = "Workbench:ShadowBot";

    /// <summary>How far a signed callback's <c>timestamp</c> may be from now (either way) before it is refused as a replay.</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan CallbackMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}

[OptionsValidator]
internal sealed partial class ShadowBotCallbackOptionsValidator : IValidateOptions<ShadowBotCallbackOptions>;
