using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The names a callback brings in (the robot account, the app, the host) refuse control, invisible and text-direction
/// characters, as the forms do: an account a callback creates must be one an operator can tell apart and retype.
/// </summary>
public sealed class WebhookIdentifierTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        var fields = new[]
        {
            ("heartbeat", "shadow_bot_account"), ("heartbeat", "host_ip"),
            ("confirm", "shadow_bot_account"), ("confirm", "app_name"),
            ("execution-complete", "shadow_bot_account"), ("execution-complete", "app_name"), ("execution-complete", "host_ip"),
        };
        foreach (var (path, field) in fields)
        {
            foreach (var character in new[] { "\u202E", "\u200B", "\u0007" })
            {
                data.Add(path, field, character);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Callback_HiddenCharacterInAName_400NamingTheFieldAndNothingWritten(string path, string field, string character)
    {
        var account = WebhookPayloads.NewAccount();
        var body = Body(path, account);
        body[field] = field == "host_ip" ? "robot" + character + ".corp.local" : body[field] + character + "x";
        var before = await SnapshotAsync();

        var response = await app.Robot().PostAsJsonAsync($"/api/v1/webhook/{path}", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        if (field != "host_ip")
        {
            Assert.Contains($"U+{(int)character[0]:X4}", errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount.StartsWith(account), Ct)));
    }

    [Fact]
    public async Task Callback_ChineseAppNameWithSpaces_Accepted()
    {
        var body = Body("execution-complete", WebhookPayloads.NewAccount());
        body["app_name"] = "云仓收藏 v2（华东）";

        var response = await app.Robot().PostAsJsonAsync("/api/v1/webhook/execution-complete", body, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, object?> Body(string path, string account) => path switch
    {
        "heartbeat" => new() { ["shadow_bot_account"] = account, ["host_ip"] = "10.0.0.7", ["port"] = 8080 },
        "confirm" => new() { ["shadow_bot_account"] = account, ["app_name"] = "云仓收藏" },
        _ => WebhookPayloads.SeedCompletion(account).With("host_ip", "10.0.0.7").With("port", 8080),
    };

    private Task<string> SnapshotAsync() => app.QueryAsync(async db =>
        $"{await db.ExecutionLogs.CountAsync(Ct)}/{await db.Accounts.CountAsync(Ct)}/{await db.Accounts.MaxAsync(a => (DateTime?)a.UpdatedAt, Ct):O}");
}
