using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Config-file rules and storing through the Core as the app registers it (local folder store).</summary>
public sealed class ConfigFileServiceTests : IAsyncDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly CoreTestHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ConfigFileService Service => _host.Get<ConfigFileService>();

    private ConfigFileRules Rules => _host.Get<ConfigFileRules>();

    private string ObjectsFolder => Path.Combine(_host.DataDirectory, "objects");

    [Theory]
    [InlineData(null, ErrorCodes.Required)]
    [InlineData("  ", ErrorCodes.Required)]
    [InlineData("../settings.json", ErrorCodes.InvalidFileName)]
    [InlineData("..", ErrorCodes.InvalidFileName)]
    [InlineData("shop/settings.json", ErrorCodes.InvalidFileName)]
    [InlineData("C:\\fakepath\\settings.json", ErrorCodes.InvalidFileName)]
    [InlineData("c:settings.json", ErrorCodes.InvalidFileName)]
    [InlineData("settings\n.json", ErrorCodes.InvalidFileName)]
    [InlineData("robot.exe", ErrorCodes.FileTypeNotAllowed)]
    [InlineData("settings.json.exe", ErrorCodes.FileTypeNotAllowed)]
    [InlineData("settings", ErrorCodes.FileTypeNotAllowed)]
    public void Validate_BadName_OneErrorWithItsCode(string? name, string code)
    {
        var error = Assert.Single(Rules.Validate(name, 100));

        Assert.Equal(("config_file", code), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_NameTooLong_TooLongWithTheLimit()
    {
        var error = Assert.Single(Rules.Validate(new string('a', 251) + ".json", 100));

        Assert.Equal((ErrorCodes.TooLong, 255), (error.Code, error.Limit));
    }

    [Fact]
    public void Validate_EmptyFile_EmptyFile() =>
        Assert.Equal(ErrorCodes.EmptyFile, Assert.Single(Rules.Validate("settings.json", 0)).Code);

    [Fact]
    public void Validate_OverTenMebibytes_FileTooLargeWithTheLimit()
    {
        Assert.Empty(Rules.Validate("big.xlsx", 10 * MiB));

        var error = Assert.Single(Rules.Validate("big.xlsx", (10 * MiB) + 1));

        Assert.Equal((ErrorCodes.FileTooLarge, (int?)(10 * MiB)), (error.Code, error.Limit));
    }

    [Fact]
    public void Validate_BadNameAndEmpty_ReportsBoth() =>
        Assert.Equal([ErrorCodes.FileTypeNotAllowed, ErrorCodes.EmptyFile], Rules.Validate("robot.exe", 0).Select(e => e.Code));

    [Theory]
    [InlineData("settings.json")]
    [InlineData("店铺配置.XLSX")]
    [InlineData("old.xls")]
    [InlineData("items.csv")]
    [InlineData("notes.txt")]
    [InlineData("a.yaml")]
    [InlineData("a.yml")]
    [InlineData("robot.ini")]
    [InlineData("feed.xml")]
    [InlineData("bundle.zip")]
    public void Validate_DefaultExtensions_Accepted(string name) => Assert.Empty(Rules.Validate(name, 100));

    [Fact]
    public async Task StoreAsync_GoodFile_StoredUnderAGeneratedKeyWithItsType()
    {
        var bytes = StoredBytes.EveryByteValue();

        var key = await Service.StoreAsync(42, "店铺配置.XLSX", new MemoryStream(bytes), bytes.Length, Ct);
        var stored = (await Service.OpenAsync(key, Ct))!;

        Assert.Matches("^config/42/[0-9a-f]{32}\\.xlsx$", key);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stored.ContentType);
        Assert.Equal(bytes, await StoredBytes.ReadAllAsync(stored, Ct));
        Assert.True(File.Exists(Path.Combine(ObjectsFolder, key)));
        Assert.Null(await Service.GetDownloadUrlAsync(key, Ct));
    }

    [Fact]
    public async Task StoreAsync_SameNameTwice_TwoKeys()
    {
        var first = await Service.StoreAsync(7, "settings.json", new MemoryStream("{}"u8.ToArray()), 2, Ct);
        var second = await Service.StoreAsync(7, "settings.json", new MemoryStream("[]"u8.ToArray()), 2, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal("{}"u8.ToArray(), await StoredBytes.ReadAllAsync((await Service.OpenAsync(first, Ct))!, Ct));
    }

    [Fact]
    public async Task StoreAsync_BadFile_ValidationFailedAndNothingStored()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.StoreAsync(1, "../../robot.exe", new MemoryStream([1]), 1, Ct));

        Assert.Equal(ErrorCodes.InvalidFileName, Assert.Single(refused.Errors).Code);
        Assert.False(Directory.Exists(ObjectsFolder));
    }

    [Fact]
    public async Task StoreAsync_BodyEndsBeforeDeclaredLength_ValidationFailedAndNothingStored()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.StoreAsync(1, "settings.json", new NonSeekableStream(new byte[5]), 6, Ct));

        Assert.Equal(("config_file", ErrorCodes.InvalidValue), (refused.Errors[0].Field, refused.Errors[0].Code));
        Assert.Empty(Directory.EnumerateFiles(ObjectsFolder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DeleteAsync_StoredFile_Gone()
    {
        var key = await Service.StoreAsync(3, "a.txt", new MemoryStream([65]), 1, Ct);

        await Service.DeleteAsync(key, Ct);

        Assert.Null(await Service.OpenAsync(key, Ct));
    }

    [Theory]
    [InlineData("tests/a.json")]
    [InlineData("../config/1/a.json")]
    public async Task OpenAsync_NotAConfigFileKey_Refused(string key) =>
        await Assert.ThrowsAsync<InvalidObjectKeyException>(() => Service.OpenAsync(key, Ct));

    [Fact]
    public async Task Rules_Configured_ReplaceTheDefaults()
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?>
        {
            ["Workbench:Storage:MaxConfigFileBytes"] = "100",
            ["Workbench:Storage:ConfigFileExtensions:0"] = ".TOML",
        });
        var rules = host.Get<ConfigFileRules>();

        Assert.Equal([".toml"], rules.AllowedExtensions);
        Assert.Empty(rules.Validate("robot.toml", 100));
        Assert.Equal(ErrorCodes.FileTypeNotAllowed, Assert.Single(rules.Validate("robot.json", 100)).Code);
        Assert.Equal(ErrorCodes.FileTooLarge, Assert.Single(rules.Validate("robot.toml", 101)).Code);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
