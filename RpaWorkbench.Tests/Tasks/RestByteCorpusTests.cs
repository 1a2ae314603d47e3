using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// The webhooks' byte corpus over the REST writes: a fixed seed mutates a valid account and task body byte by byte
/// (<see cref="ByteMutator"/>) into 1,000 bodies each, posted with an operator key. Every answer is below 500; a refusal
/// is problem details (a 400 names a field) and stores nothing; each 201 stored exactly one row.
/// </summary>
public sealed class RestByteCorpusTests : IAsyncLifetime
{
    private const int BodiesPerApi = 1_000;
    private const int MutationSeed = 21;

    // One caller sends every body: the per-caller limit would otherwise answer most of them 429 and test nothing.
    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.With(new Dictionary<string, string>
    {
        ["Workbench:Api:RateLimit:PermitsPerSecond"] = "100000",
        ["Workbench:Api:RateLimit:Burst"] = "100000",
    });

    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.Add("X-Api-Key", await _app.KeySecretAsync(ApiKeyScopes.Operator));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CreateAccount_MutatedSeed_NoServerErrorAndARowPerCreated()
    {
        var before = await CountAsync(db => db.Accounts.CountAsync(Ct));

        var created = await PostCorpusAsync("/api/v1/accounts", """{"shadow_bot_account":"tygj001","host_ip":"10.1.1.1","port":8080}""",
            () => CountAsync(db => db.Accounts.CountAsync(Ct)));

        Assert.Equal(before + created, await CountAsync(db => db.Accounts.CountAsync(Ct)));
    }

    [Fact]
    public async Task CreateTask_MutatedSeed_NoServerErrorAndARowPerCreated()
    {
        var account = await _client.PostAsJsonAsync("/api/v1/accounts", new { shadow_bot_account = "tygj002", host_ip = "10.1.1.2", port = 8080 }, Ct);
        var accountId = (await account.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        var seed = $$"""{"task_name":"日报","account_id":{{accountId}},"app_name":"云仓收藏","config_json":{"day":"2026-01-27","password":"p"},"cron_expression":"0 9 * * 1-5","run_timeout_seconds":1800}""";

        var created = await PostCorpusAsync("/api/v1/tasks", seed, () => CountAsync(db => db.Tasks.CountAsync(Ct)));

        Assert.Equal(created, await CountAsync(db => db.Tasks.CountAsync(Ct)));
    }

    // Posts the mutations one by one and checks every answer; the number of 201 answers.
    private async Task<int> PostCorpusAsync(string path, string seed, Func<Task<int>> countRows)
    {
        var mutator = new ByteMutator(MutationSeed);
        var created = 0;
        for (var i = 0; i < BodiesPerApi; i++)
        {
            var body = mutator.Mutate(Encoding.UTF8.GetBytes(seed));
            var shown = $"{path} body #{i} «{Encoding.UTF8.GetString(body)}» (base64 {Convert.ToBase64String(body)})";
            var rows = await countRows();
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

            var response = await _client.PostAsync(path, content, Ct);

            var status = (int)response.StatusCode;
            Assert.True(status is 201 or (>= 400 and < 500), $"{shown}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
            if (status == 201)
            {
                created++;
                Assert.True(rows + 1 == await countRows(), $"{shown}: 201 but not one row more");
                continue;
            }

            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{shown}: {status} without problem details");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(status is not (400 or 422) || problem.GetProperty("errors").EnumerateObject().Any(), $"{shown}: {status} naming no field: {problem}");
            Assert.True(rows == await countRows(), $"{shown}: refused with {status} but a row was stored");
        }

        return created;
    }

    private async Task<int> CountAsync(Func<WorkbenchDbContext, Task<int>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}
