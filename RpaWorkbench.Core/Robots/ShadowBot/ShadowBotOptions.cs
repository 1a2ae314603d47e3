namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>How the Workbench reaches the ShadowBot (影刀) OpenAPI (<c>Workbench:ShadowBot</c>).</summary>
public sealed class ShadowBotOptions
{
    public const string SectionName = "Workbench:ShadowBot";

    /// <summary>The OpenAPI host: the public cloud, or a private-cloud (专有云) tenant's own host.</summary>
    [HttpUrl(BaseOnly = true)]
    public Uri BaseUrl { get; set; } = new("https://api.yingdao.com");

    /// <summary>The key pair an admin creates in 控制台 → API执行 → API配置.</summary>
    public string? AccessKeyId { get; set; }

    public string? AccessKeySecret { get; set; }
}

[OptionsValidator]
internal sealed partial class ShadowBotOptionsValidator : IValidateOptions<ShadowBotOptions>;
