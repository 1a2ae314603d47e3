using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Identifiers people read to tell things apart refuse characters that make one name look like another: a right-to-left
/// override (U+202E shows "acc4" as "4cca"), a zero-width space, a control character. Each Core service refuses them
/// naming the field, and stores nothing.
/// </summary>
public sealed class DeceptiveIdentifierTests : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private readonly CoreTestHost _core = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The characters of the finding: a bidirectional override, an invisible format character, a control character.
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var identifier in new[] { "account", "task", "app", "user", "display", "api key" })
        {
            foreach (var character in new[] { "\u202E", "\u200B", "\u0007", "\u2066", "\uFEFF", "\u061C" })
            {
                data.Add(identifier, character);
            }
        }

        return data;
    }

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Create_IdentifierWithAHiddenCharacter_RefusedNamingTheFieldAndNothingStored(string identifier, string character)
    {
        var name = "acc4" + character + "x";
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => CreateAsync(identifier, name));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((FieldFor(identifier), ErrorCodes.InvalidCharacters), (error.Field, error.Code));
        Assert.Contains($"U+{char.ConvertToUtf32(character, 0):X4}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task UpdateAccount_RightToLeftOverrideInTheName_Refused()
    {
        var row = await _core.Get<AccountService>().CreateAsync(new AccountInput("acc4", "10.0.0.1", 8080), Ct);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => _core.Get<AccountService>().UpdateAsync(row.Id, new AccountInput("\u202Eacc4", "10.0.0.1", 8080, row.Version), Ct));

        Assert.Equal((AccountRules.AccountField, ErrorCodes.InvalidCharacters), (refused.Errors.Single().Field, refused.Errors.Single().Code));
    }

    [Theory]
    [InlineData("\u202E")]
    [InlineData("\u200B")]
    [InlineData("\u0007")]
    public async Task CreateAccount_HiddenCharacterInTheHost_RefusedAsAnInvalidHost(string character)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => _core.Get<AccountService>().CreateAsync(new AccountInput("acc4", "robot" + character + ".corp.local", 8080), Ct));

        Assert.Equal((AccountRules.HostField, ErrorCodes.InvalidHost), (refused.Errors.Single().Field, refused.Errors.Single().Code));
    }

    [Fact]
    public async Task Create_ChineseNamesWithSpacesAndPunctuation_Accepted()
    {
        _core.User.SignIn(Roles.Admin);
        var account = await _core.Get<AccountService>().CreateAsync(new AccountInput("客服 02（华东）", "10.0.0.2", 8080), Ct);
        var task = await _core.Get<TaskService>().CreateAsync(new TaskInput("日报 · 汇总", account.Id, "云仓收藏 v2.1"), Ct);
        var user = await _core.Get<UserService>().CreateAsync(new NewUser("zhang.wei", "张伟（财务）", Password, Password), Roles.Viewer, Ct);
        var key = await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey("华东 机器人 #1"), Ct);

        Assert.Equal(("客服 02（华东）", "日报 · 汇总", "云仓收藏 v2.1", "张伟（财务）", "华东 机器人 #1"),
            (account.ShadowBotAccount, task.TaskName, task.AppName, user.DisplayName, key.Key.Name));
    }

    private async Task CreateAsync(string identifier, string name)
    {
        _core.User.SignIn(Roles.Admin);
        switch (identifier)
        {
            case "account":
                await _core.Get<AccountService>().CreateAsync(new AccountInput(name, "10.0.0.1", 8080), Ct);
                break;
            case "task":
                await _core.Get<TaskService>().CreateAsync(new TaskInput(name, await AccountIdAsync(), "财务日报"), Ct);
                break;
            case "app":
                await _core.Get<TaskService>().CreateAsync(new TaskInput("日报汇总", await AccountIdAsync(), name), Ct);
                break;
            case "user":
                await _core.Get<UserService>().CreateAsync(new NewUser(name, null, Password, Password), Roles.Viewer, Ct);
                break;
            case "display":
                await _core.Get<UserService>().CreateAsync(new NewUser("zhang.wei", name, Password, Password), Roles.Viewer, Ct);
                break;
            default:
                await _core.Get<ApiKeyService>().CreateAsync(new NewApiKey(name), Ct);
                break;
        }
    }

    private static string FieldFor(string identifier) => identifier switch
    {
        "account" => "shadow_bot_account",
        "task" => "task_name",
        "app" => "app_name",
        "user" => "userName",
        "display" => "displayName",
        _ => "name",
    };

    // One registered account for the task cases, made once per test.
    private async Task<long> AccountIdAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        var existing = await db.Accounts.Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct);
        return existing ?? (await _core.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.9", 8080), Ct)).Id;
    }

    private async Task<string> CountsAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        return $"{await db.Accounts.CountAsync(a => a.ShadowBotAccount != "tygj001", Ct)}/{await db.Tasks.CountAsync(Ct)}/"
               + $"{await db.Users.CountAsync(Ct)}/{await db.ApiKeys.CountAsync(Ct)}";
    }
}
