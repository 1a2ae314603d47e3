using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// One Workbench on a real Kestrel port and one headless Debian Chromium, shared by the browser tests of a
/// collection. Playwright cannot download its own browser here, so the executable comes from PATH
/// (or <c>WORKBENCH_CHROMIUM</c>).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private readonly IAsyncDisposable? _clockRunning;
    private IPlaywright? _playwright;

    /// <summary>The Workbench with the demo data and no robot behind the accounts.</summary>
    public BrowserFixture()
        : this(new KestrelWorkbenchFactory())
    {
    }

    protected BrowserFixture(KestrelWorkbenchFactory app) => App = app;

    /// <summary>A browser on a Workbench with these settings whose clock is <paramref name="clock"/>, running with real time.</summary>
    protected BrowserFixture(IReadOnlyDictionary<string, string> settings, TestClock clock)
        : this(new KestrelWorkbenchFactory(settings, testServices: services => services.AddSingleton<TimeProvider>(clock))) =>
        _clockRunning = clock.RunWithRealTime();

    public KestrelWorkbenchFactory App { get; }

    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        _ = App.BaseUrl;
        // Expectations poll for their signal and end as soon as it appears; the deadline only matters when the 2-core
        // machine is busy (a navigation's render then takes more than Playwright's default 5 s now and then).
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Headless Debian Chromium, as every browser test uses it.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = FindChromium(),
        Headless = true,
        // Root in CI needs --no-sandbox; the rest keeps Chromium from calling Google on a closed network.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A fresh browser context whose relative addresses go to <paramref name="baseUrl"/>.</summary>
    public static Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseUrl, string locale = "en-US") =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
        });

    /// <summary>
    /// A fresh English-speaking browser context on the test server, signed in as <paramref name="userName"/> (the
    /// bootstrap admin by default; null for a browser that is not signed in).
    /// </summary>
    public async Task<IPage> NewPageAsync(
        string locale = "en-US",
        string? userName = WorkbenchAppFactory.AdminUser,
        string password = WorkbenchAppFactory.AdminPassword)
    {
        var context = await NewContextAsync(Browser, App.BaseUrl, locale);
        if (userName is not null)
        {
            await context.AddCookiesAsync([await App.SignInCookieAsync(userName, password)]);
        }

        return await context.NewPageAsync();
    }

    /// <summary>Opens a page and waits until its Blazor circuit is connected, so clicks are handled.</summary>
    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-workbench-ready=true]").WaitForAsync();
    }

    /// <summary>
    /// Clicks the button that opens a form dialog and waits until the dialog has put the cursor in its first field. The
    /// autofocus arrives from the server a round trip after the dialog shows; typing into a later field before it lands
    /// would see the focus jump back and the rest of the text go to the first field (as an operator would).
    /// </summary>
    public static async Task<ILocator> OpenFormDialogAsync(IPage page, string buttonName)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = buttonName }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.Locator("input:focus, textarea:focus")).ToHaveCountAsync(1);
        return dialog;
    }

    /// <summary>Fills the statically rendered sign-in form and waits for the interactive page it leads to (or the form again).</summary>
    public static async Task SignInThroughFormAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (!page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        if (_clockRunning is not null)
        {
            await _clockRunning.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static string FindChromium() =>
        LocalMachine.FindProgram("WORKBENCH_CHROMIUM", ["chromium", "chromium-browser"])
        ?? throw new InvalidOperationException("Chromium was not found on PATH. Run ./test.sh (it installs Debian's chromium) or set WORKBENCH_CHROMIUM.");
}

/// <summary>
/// A browser on the demo Workbench whose clock starts at <see cref="Now"/> (a Wednesday, 14:00 in Shanghai) and runs
/// with real time from there, so what a page shows for "today" does not depend on when the tests run.
/// </summary>
public sealed class FixedClockBrowserFixture() : BrowserFixture(new Dictionary<string, string> { ["Workbench:Demo"] = "true" }, new TestClock(Now))
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// A browser on a Workbench whose demo robots are the simulated robot agent: starts run and call back. Its clock
/// (<see cref="Clock"/>) starts at <see cref="FixedClockBrowserFixture.Now"/> and runs with real time, except while a
/// test holds it: then a run stays running, however slowly the browser follows, until the test lets the clock go.
/// </summary>
public sealed class SimulatedBrowserFixture : BrowserFixture
{
    public SimulatedBrowserFixture()
        : this(new TestClock(FixedClockBrowserFixture.Now))
    {
    }

    private SimulatedBrowserFixture(TestClock clock)
        : base(SimulatedWorkbenchFactory.Settings, clock) => Clock = clock;

    public TestClock Clock { get; }

    /// <summary>Adds a task on an account of its own (the simulated robot answers any account), as a journey's starting data.</summary>
    public Task<int> AddTaskAsync(string account, string hostIp, string taskName, string appName, IReadOnlyList<TaskParameter> parameters) => QueryAsync(async db =>
    {
        var now = DateTime.UtcNow;
        db.Tasks.Add(new RobotTask
        {
            TaskName = taskName,
            AppName = appName,
            Account = new Account
            {
                ShadowBotAccount = account,
                HostIp = hostIp,
                Port = 18080,
                TaskControl = AccountRules.TaskControl(account, hostIp, 18080),
                CreatedAt = now,
                UpdatedAt = now,
            },
            Parameters = [.. parameters],
            CreatedAt = now,
            UpdatedAt = now,
        });
        return await db.SaveChangesAsync();
    });

    public async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}

[CollectionDefinition(Name)]
public sealed class SimulatedBrowserCollection : ICollectionFixture<SimulatedBrowserFixture>
{
    public const string Name = "SimulatedBrowser";
}
