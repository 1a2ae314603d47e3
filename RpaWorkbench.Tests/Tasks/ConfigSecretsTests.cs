using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>Which config values are secrets, how people see them, and how a mask saved back keeps the stored value.</summary>
public sealed class ConfigSecretsTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("DB_Password")]
    [InlineData("apiToken")]
    [InlineData("x-api-key")]
    [InlineData("secretKey")]
    [InlineData("Authorization")]
    [InlineData("client_credentials")]
    [InlineData("登录密码")]
    [InlineData("访问令牌")]
    public void IsSecretName_WordsOfTheList_Secret(string name) => Assert.True(ConfigSecrets.IsSecretName(name));

    [Theory]
    [InlineData("region")]
    [InlineData("user_name")]
    [InlineData("passenger")]
    [InlineData("key_column")]
    [InlineData("区域")]
    public void IsSecretName_OtherNames_NotSecret(string name) => Assert.False(ConfigSecrets.IsSecretName(name));

    [Fact]
    public void Masked_SecretsAtAnyDepthAndOfAnyType_StarsButNullStaysNull()
    {
        var masked = ConfigSecrets.Masked("""{"a":{"token":"t1","list":[{"pwd":7}]},"credentials":{"user":"u","pass":"p"},"password":null,"n":1}""");

        Assert.Equal("""{"a":{"token":"******","list":[{"pwd":"******"}]},"credentials":"******","password":null,"n":1}""", CompactJson.Of(masked!));
    }

    [Fact]
    public void Masked_Null_Null() => Assert.Null(ConfigSecrets.Masked(null));

    [Fact]
    public void Restore_MaskedConfigSavedBack_TheStoredTextExactly()
    {
        var stored = TaskRules.FormatJson("""{"region":"华东","credentials":{"user":"u","pass":"p"},"accounts":[{"user":"a","密码":"x"}],"n":1.50}""");

        var (json, unkept) = ConfigSecrets.Restore(ConfigSecrets.Masked(stored)!, stored);

        Assert.Equal(stored, json);
        Assert.Empty(unkept);
    }

    [Fact]
    public void Restore_TypedValueAndNewKey_TypedValueStoredAndTheNewKeysMaskReported()
    {
        var (json, unkept) = ConfigSecrets.Restore("""{"password":"new","token":"******"}""", """{"password":"old"}""");

        Assert.Equal("""{"password":"new","token":"******"}""", CompactJson.Of(json));
        Assert.Equal(["token"], unkept);
    }

    [Fact]
    public void Restore_ListEntriesSwapped_NeitherEntryGetsTheOthersSecret()
    {
        const string stored = """{"accounts":[{"user":"a","pwd":"pa"},{"user":"b","pwd":"pb"}]}""";

        var (_, unkept) = ConfigSecrets.Restore("""{"accounts":[{"user":"b","pwd":"******"},{"user":"a","pwd":"******"}]}""", stored);

        Assert.Equal(["accounts[0].pwd", "accounts[1].pwd"], unkept);
    }

    [Fact]
    public void Restore_EntryAppendedToAList_TheOthersKeepTheirSecrets()
    {
        const string stored = """{"accounts":[{"user":"a","pwd":"pa"}]}""";

        var (json, unkept) = ConfigSecrets.Restore("""{"accounts":[{"user":"a","pwd":"******"},{"user":"c","pwd":"pc"}]}""", stored);

        Assert.Equal("""{"accounts":[{"user":"a","pwd":"pa"},{"user":"c","pwd":"pc"}]}""", CompactJson.Of(json));
        Assert.Empty(unkept);
    }

    [Fact]
    public void Changed_SetReplacedRemovedAndUnchanged_OnlyThePlacesThatChanged()
    {
        var changed = ConfigSecrets.Changed(
            """{"keep":1,"password":"same","token":"old","gone_secret":"x"}""",
            """{"keep":2,"password":"same","token":"new","api_key":"k"}""");

        Assert.Equal(["token", "api_key", "gone_secret"], changed);
    }
}
