using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The byte corpus for ShadowBot's callback: a fixed seed mutates the documented job and task callbacks into 1,000
/// bodies. Every answer is below 500; a refusal is problem details (a 400 names a field) and stored nothing; a 2xx
/// only for strict UTF-8 JSON, and each run it reports is stored with the account and app that were sent.
/// </summary>
public sealed class ShadowBotByteCorpusTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const int Bodies = 1_000;
    private const int MutationSeed = 22;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MutatedCallbacks_NeverA5xx_AndStoreOnlyWhatTheyReport()
    {
        byte[][] seeds =
        [
            JsonSerializer.SerializeToUtf8Bytes(ShadowBotPayloads.Job("ceshi1@csqy1", "42c2a3c4-5d6e-4f70-8a9b-0c1d2e3f4a5b", "error")
                .With("screenshotUrl", "https://example.com/error.png")),
            JsonSerializer.SerializeToUtf8Bytes(ShadowBotPayloads.Task("finish",
                ShadowBotPayloads.Job("ceshi2@csqy1", "11111111-2222-4333-8444-555555555555").Without("startTime"))),
        ];
        var (mutator, robot, accepted) = (new ByteMutator(MutationSeed), app.Robot(), 0);
        var stored = new Dictionary<string, long>();
        for (var i = 0; i < Bodies; i++)
        {
            var body = mutator.Mutate(seeds[i % seeds.Length]);
            var shown = $"body #{i} «{Encoding.UTF8.GetString(body)}»";
            var before = await CountsAsync();
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

            var response = await robot.PostAsync(ShadowBotPayloads.Path, content, Ct);

            var status = (int)response.StatusCode;
            Assert.True(status is 200 or (>= 400 and < 500), $"{shown}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.True(status != 400 || problem.GetProperty("errors").EnumerateObject().Any(), $"{shown}: a 400 naming no field");
                Assert.True(before == await CountsAsync(), $"{shown}: refused with {status} but something was stored");
                continue;
            }

            Assert.True(StrictJsonOracle.IsAcceptable(body), $"{shown}: 200 for a body that is not strict UTF-8 JSON");
            var reply = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            using var sent = JsonDocument.Parse(body.AsMemory(body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            foreach (var run in reply.GetProperty("runs").EnumerateArray())
            {
                var (jobUuid, id) = (run.GetProperty("jobUuid").GetString()!, run.GetProperty("id").GetInt64());
                if (run.GetProperty("duplicate").GetBoolean())
                {
                    Assert.True(stored.TryGetValue(jobUuid, out var first) && first == id, $"{shown}: a duplicate of {id}, which job {jobUuid} did not store");
                    continue;
                }

                var job = SentJob(sent.RootElement, jobUuid);
                var log = await app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, Ct));
                Assert.True((log.ShadowBotAccount, log.AppName) == (job.GetProperty("robotClientName").GetString()!.Trim(), job.GetProperty("robotName").GetString()!.Trim()),
                    $"{shown}: stored {log.ShadowBotAccount} / {log.AppName}");
                Assert.True(stored.TryAdd(jobUuid, id), $"{shown}: job {jobUuid} stored twice");
            }

            accepted++;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{Bodies} bodies, {accepted} accepted");
        Assert.InRange(accepted, 1, Bodies - 1);
    }

    // The job the reply names: the body itself, or the element of a task's jobList with that jobUuid.
    private static JsonElement SentJob(JsonElement body, string jobUuid) =>
        body.TryGetProperty("jobList", out var jobs) && body.GetProperty("dataType").GetString()!.Trim().Equals("task", StringComparison.OrdinalIgnoreCase)
            ? jobs.EnumerateArray().First(j => j.GetProperty("jobUuid").GetString()!.Trim() == jobUuid)
            : body;

    private Task<(int Logs, int Accounts)> CountsAsync() =>
        app.QueryAsync(async db => (await db.ExecutionLogs.CountAsync(Ct), await db.Accounts.CountAsync(Ct)));
}
