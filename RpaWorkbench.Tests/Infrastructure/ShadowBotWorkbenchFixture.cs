using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A Workbench on a real port in <c>Workbench:Robots:Mode=ShadowBot</c>, its ShadowBot the fake on loopback with the
/// fake's key pair, and the fake's job callbacks going to the Workbench's <c>/api/v1/webhook/shadowbot?key=</c> with a
/// robot key — the whole round trip, as in production. A browser is launched for the journeys.
/// <see cref="FailNextCallbacks"/> makes the Workbench answer ShadowBot's next callbacks 503, as when its database is busy.
/// Everything the Workbench logs is kept in <see cref="Logs"/>.
/// </summary>
public sealed class ShadowBotWorkbenchFixture : IAsyncLifetime
{
    private int _callbacksToFail;
    private IPlaywright? _playwright;

    public FakeShadowBot Fake { get; private set; } = null!;

    public KestrelWorkbenchFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public CapturingLoggerProvider Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Fake = await FakeShadowBot.StartAsync(TimeProvider.System);
        App = new KestrelWorkbenchFactory(new Dictionary<string, string>
        {
            ["Workbench:Robots:Mode"] = "ShadowBot",
            ["Workbench:ShadowBot:BaseUrl"] = Fake.BaseUrl.ToString(),
            ["Workbench:ShadowBot:AccessKeyId"] = FakeShadowBot.AccessKeyId,
            ["Workbench:ShadowBot:AccessKeySecret"] = FakeShadowBot.AccessKeySecret,
        }, testServices: services => services
            .AddTransient<IStartupFilter>(_ => new RefuseCallbacksFilter(this))
            .AddSingleton<ILoggerProvider>(Logs));
        var robotKey = await App.KeySecretAsync(ApiKeyScopes.Robot);
        Fake.Callbacks.CallbackUrl = new Uri(App.BaseUrl, "/api/v1/webhook/shadowbot?key=" + Uri.EscapeDataString(robotKey));
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    /// <summary>The Workbench answers the next <paramref name="count"/> ShadowBot callbacks with 503 before reading them.</summary>
    public void FailNextCallbacks(int count) => Interlocked.Exchange(ref _callbacksToFail, count);

    /// <summary>A fresh browser page signed in as the bootstrap admin.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await BrowserFixture.NewContextAsync(Browser, App.BaseUrl);
        await context.AddCookiesAsync([await App.SignInCookieAsync(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword)]);
        return await context.NewPageAsync();
    }

    /// <summary>A robot account (the ShadowBot client of the same name on the fake) and a task that runs the ShadowBot app <paramref name="appUuid"/>.</summary>
    public async Task<(long AccountId, long TaskId)> AddShadowBotTaskAsync(string account, string taskName, string appName, string appUuid, string? config = null)
    {
        Fake.Dispatch.AddClient(account);
        Fake.Dispatch.RobotNames[appUuid] = appName;
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var robot = new Account
        {
            ShadowBotAccount = account,
            HostIp = "127.0.0.1",
            Port = 8088,
            TaskControl = AccountRules.TaskControl(account, "127.0.0.1", 8088),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var task = new RobotTask
        {
            TaskName = taskName,
            AppName = appName,
            Account = robot,
            ConfigJson = config,
            ShadowBot = new ShadowBotTaskSettings { RobotUuid = appUuid },
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return (robot.Id, task.Id);
    }

    /// <summary>Starts the task through the REST API as an operator and returns its ShadowBot job.</summary>
    public async Task<string> StartViaApiAsync(long taskId)
    {
        using var http = new HttpClient { BaseAddress = App.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", await App.KeySecretAsync(ApiKeyScopes.Operator));
        using var response = await http.PostAsync($"/api/v1/tasks/{taskId}/start", null);
        Assert.True(response.IsSuccessStatusCode, $"start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var job = await QueryAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.CurrentJobUuid).SingleAsync());
        return job ?? throw new InvalidOperationException($"Task {taskId} started without a ShadowBot job.");
    }

    public async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }

    private bool TakeFailure()
    {
        var left = Volatile.Read(ref _callbacksToFail);
        while (left > 0)
        {
            var seen = Interlocked.CompareExchange(ref _callbacksToFail, left - 1, left);
            if (seen == left)
            {
                return true;
            }

            left = seen;
        }

        return false;
    }

    private sealed class RefuseCallbacksFilter(ShadowBotWorkbenchFixture fixture) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path.StartsWithSegments("/api/v1/webhook/shadowbot") && fixture.TakeFailure())
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
