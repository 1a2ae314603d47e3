using Microsoft.AspNetCore.DataProtection;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dify;

namespace RpaWorkbench.Tests.Dify;

public sealed class DifyTaskRulesTests
{
    private static readonly DifyOptions Options = new() { AllowedBaseUrls = ["https://api.dify.ai/v1", "http://dify.intra.example/v1"] };
    private readonly DifyApiKeys _keys = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Resolve_NoInput_NoDifySettings() =>
        Assert.Equal((null, 0), (Resolve(null).Settings, Resolve(null).Errors.Count));

    [Fact]
    public void Resolve_NewSettings_KeyStoredEncryptedAndTrailingSlashDropped()
    {
        var (settings, errors) = Resolve(new DifyTaskInput(" http://dify.intra.example/v1/ ", "app-abc123", 3));

        Assert.Empty(errors);
        Assert.Equal(("http://dify.intra.example/v1", 3), (settings!.BaseUrl, settings.MaxConcurrency));
        Assert.DoesNotContain("app-abc123", settings.ApiKeyProtected, StringComparison.Ordinal);
        Assert.Equal("app-abc123", _keys.Unprotect(settings.ApiKeyProtected));
    }

    [Fact]
    public void Resolve_BlankKeyOnEdit_KeepsTheStoredKey()
    {
        var stored = new DifyTaskSettings { BaseUrl = "https://api.dify.ai/v1", ApiKeyProtected = _keys.Protect("app-old"), MaxConcurrency = 7 };

        var (settings, errors) = Resolve(new DifyTaskInput("https://api.dify.ai/v1", "", null), stored);

        Assert.Empty(errors);
        Assert.Equal(("app-old", 7), (_keys.Unprotect(settings!.ApiKeyProtected), settings.MaxConcurrency));
    }

    [Theory]
    [InlineData(null, "app-x", 1, "dify.base_url", "Required")]
    [InlineData("http://169.254.169.254/v1", "app-x", 1, "dify.base_url", "DifyBaseUrlNotAllowed")]
    [InlineData("https://api.dify.ai/v1", null, 1, "dify.api_key", "Required")]
    [InlineData("https://api.dify.ai/v1", "app x", 1, "dify.api_key", "InvalidCharacters")]
    [InlineData("https://api.dify.ai/v1", "app-x", 0, "dify.max_concurrency", "OutOfRange")]
    [InlineData("https://api.dify.ai/v1", "app-x", 101, "dify.max_concurrency", "OutOfRange")]
    public void Resolve_BadField_RefusedNamingIt(string? baseUrl, string? apiKey, int concurrency, string field, string code)
    {
        var (settings, errors) = Resolve(new DifyTaskInput(baseUrl, apiKey, concurrency));

        Assert.Null(settings);
        var error = Assert.Single(errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    private (DifyTaskSettings? Settings, IReadOnlyList<FieldError> Errors) Resolve(DifyTaskInput? input, DifyTaskSettings? stored = null) =>
        DifyTaskRules.Resolve(input, stored, Options, _keys);
}
