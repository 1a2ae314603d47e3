using System.Globalization;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using StackExchange.Redis;
using static Microsoft.Playwright.Assertions;
using CookieContainer = System.Net.CookieContainer;
using HttpStatusCode = System.Net.HttpStatusCode;

namespace RpaWorkbench.Tests.SeveralInstances;

/// <summary>
/// Two Workbench instances behind one imaginary load balancer (one database, one Redis) act as one: a robot's webhook
/// handled by A shows on a page served by B, a sign-in on A is good on B (and a sign-out on B ends it on A), and a due
/// schedule starts its robot once although both instances' schedulers look at it.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class TwoInstancesTests(TwoInstancesFixture instances)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WebhookHandledByA_AppearsLiveOnAPageServedByB()
    {
        var page = await PageOnBAsync(signedInOn: instances.B);
        await BrowserEvidence.RunAsync(page, nameof(WebhookHandledByA_AppearsLiveOnAPageServedByB), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            var robot = WebhookPayloads.NewAccount();
            var app = "跨实例-" + Guid.NewGuid().ToString("N")[..6];

            await PostCompletionToAAsync(robot, app);

            // Well inside the page's own 15-second refresh: only the event relayed through Redis can bring it this fast.
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = robot })).ToContainTextAsync(app, new() { Timeout = 5_000 });
        });
    }

    [Fact]
    public async Task UserSignedInOnA_IsSignedInOnB()
    {
        var page = await PageOnBAsync(signedInOn: instances.A);
        await BrowserEvidence.RunAsync(page, nameof(UserSignedInOnA_IsSignedInOnB), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");

            Assert.Equal(instances.B.BaseUrl.Authority, new Uri(page.Url).Authority);
            Assert.EndsWith("/accounts", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();
        });

        // The ring is in Redis, and in neither instance's own folder.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(instances.Redis.ConnectionString);
        Assert.True(await redis.GetDatabase().ListLengthAsync($"{instances.RedisPrefix}:data-protection-keys") > 0);
        Assert.All(instances.KeyFolders, folder => Assert.Empty(Directory.GetFiles(folder)));
    }

    [Fact]
    public async Task SignedInOnA_SignedOutOnB_CookieIsRefusedOnA()
    {
        var session = await instances.A.SignInCookieAsync(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        var cookie = $"{session.Name}={session.Value}";
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(instances.A, cookie, "/logs")).StatusCode);

        var cookies = new CookieContainer();
        cookies.Add(instances.B.BaseUrl, new System.Net.Cookie(session.Name, session.Value));
        using (var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        using (var onB = new HttpClient(handler) { BaseAddress = instances.B.BaseUrl })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.SignOutAsync(onB, Ct)).StatusCode);
        }

        var onA = await GetWithCookieAsync(instances.A, cookie, "/logs");
        Assert.Equal(HttpStatusCode.Redirect, onA.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2Flogs", onA.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task DueCronFire_BothSchedulersRunning_StartsTheRobotOnce()
    {
        // ASCII: the start request's JSON escapes other characters.
        var app = "yearly-report-" + Guid.NewGuid().ToString("N")[..6];
        var taskId = await AddYearlyTaskOnAAsync(app);

        // As if the Workbench was down at the last 1 January 00:00: that fire is due now, for both schedulers.
        await using (var db = await ContextAsync())
        {
            var yearAgo = DateTime.UtcNow.AddYears(-1);
            await db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(set => set.SetProperty(t => t.ScheduledThrough, yearAgo), Ct);
        }

        await WaitUntilAsync(() => Starts(app) > 0, TimeSpan.FromSeconds(15));
        // Stopping a scheduler waits for the pass it is in: once both have stopped, every pass that could have seen the
        // fire due has finished, and the count of starts is final.
        var schedulers = new[] { instances.A, instances.B }.Select(i => i.Services.GetRequiredService<ScheduleRunner>()).ToList();
        await Task.WhenAll(schedulers.Select(s => s.StopAsync(Ct)));
        try
        {
            Assert.Equal(1, Starts(app));
        }
        finally
        {
            await Task.WhenAll(schedulers.Select(s => s.StartAsync(CancellationToken.None)));
        }

        await using var check = await ContextAsync();
        var target = taskId.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.TaskStarted && e.TargetId == target, Ct));
        Assert.Equal(RobotTaskStatus.Running, (await check.Tasks.SingleAsync(t => t.Id == taskId, Ct)).Status);
    }

    // A browser on B's address, carrying the session cookie issued by the instance that handled the sign-in.
    private async Task<IPage> PageOnBAsync(KestrelWorkbenchFactory signedInOn)
    {
        var context = await BrowserFixture.NewContextAsync(instances.Browser, instances.B.BaseUrl);
        var session = await signedInOn.SignInCookieAsync(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        await context.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Url = instances.B.BaseUrl.GetLeftPart(UriPartial.Authority) }]);
        return await context.NewPageAsync();
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(KestrelWorkbenchFactory instance, string cookie, string path)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = instance.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request, Ct);
    }

    private async Task PostCompletionToAAsync(string robot, string app)
    {
        var end = DateTime.UtcNow;
        using var client = new HttpClient { BaseAddress = instances.A.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var payload = WebhookPayloads.SeedCompletion(robot)
            .With("app_name", app)
            .With("duration_seconds", 300)
            .With("start_time", end.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With("end_time", end.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        (await client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, Ct)).EnsureSuccessStatusCode();
    }

    private async Task<long> AddYearlyTaskOnAAsync(string app)
    {
        await using var scope = instances.A.Services.CreateAsyncScope();
        var robot = "yr" + Guid.NewGuid().ToString("N")[..8];
        var account = await WorkbenchAppFactory.AsAdmin<AccountService>(scope)
            .CreateAsync(new AccountInput(robot, "127.0.0.1", instances.Robot.Port), Ct);
        var task = await WorkbenchAppFactory.AsAdmin<TaskService>(scope)
            .CreateAsync(new TaskInput("年度报表", account.Id, app, CronExpression: "0 0 1 1 *"), Ct);
        return task.Id;
    }

    private int Starts(string app) => instances.Robot.Requests.Count(r => r.Path == "/start" && r.Body.Contains(app, StringComparison.Ordinal));

    private Task<WorkbenchDbContext> ContextAsync() =>
        instances.A.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(condition(), $"Not within {timeout}.");
    }
}
