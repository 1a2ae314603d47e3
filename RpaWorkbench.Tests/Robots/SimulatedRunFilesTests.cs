using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Tests.Robots;

/// <summary>The demo's robots, simulated, on a real Kestrel port (127.0.0.1), failing every run at once.</summary>
public sealed class FailingSimulatedWorkbenchFactory : WorkbenchAppFactory
{
    public FailingSimulatedWorkbenchFactory()
        : base(new Dictionary<string, string>
        {
            ["Workbench:Demo"] = "true",
            ["Workbench:Robots:Mode"] = "Simulated",
            ["Workbench:Robots:Simulation:ConfirmDelay"] = "00:00:00",
            ["Workbench:Robots:Simulation:MinRunDuration"] = "00:00:00",
            ["Workbench:Robots:Simulation:MaxRunDuration"] = "00:00:00",
            ["Workbench:Robots:Simulation:FailureRate"] = "1",
            ["Workbench:Robots:Simulation:HeartbeatInterval"] = "00:00:00",
        }) =>
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the Workbench listens (http://127.0.0.1:{port}/); starts it.</summary>
    public Uri BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>A client of the real port, signed in through the form as the bootstrap admin (it follows the redirect).</summary>
    public async Task<HttpClient> SignedInOverKestrelAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseUrl, HandleCookies = true });
        var response = await SignInForm.SignInAsync(client, AdminUser, AdminPassword);
        Assert.Equal("/accounts", response.RequestMessage?.RequestUri?.AbsolutePath);
        return client;
    }
}

/// <summary>
/// A simulated run's screenshot and log are uploaded like a robot's and open through the Workbench's own endpoints: the
/// report links them under the Workbench's address, the webhook accepts the links, the resource proxy (which never
/// fetches a loopback address) reads them from the object store, and the object endpoint serves the same bytes.
/// </summary>
public sealed class SimulatedRunFilesTests(FailingSimulatedWorkbenchFactory app) : IClassFixture<FailingSimulatedWorkbenchFactory>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedRun_ScreenshotAndLogOpenThroughTheProxyAndTheObjectEndpoint()
    {
        var runId = $"run-{Guid.NewGuid():N}";

        var log = await RunAsync("kefu01", runId);

        Assert.Equal(ExecutionStatus.Failed, log.Status);
        var folder = $"{app.BaseUrl}api/v1/resources/objects/runs/simulated/{log.StartTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{runId}/";
        Assert.Equal((folder + "screenshot.png", folder + "log.txt"), (log.ScreenshotUrl, log.LogUrl));
        var client = await app.SignedInOverKestrelAsync();

        var screenshot = await client.GetAsync(LogLinks.Proxy(log.ScreenshotUrl!), Ct);
        var logFile = await client.GetAsync(LogLinks.Proxy(log.LogUrl!), Ct);
        var direct = await client.GetAsync(log.ScreenshotUrl, Ct);

        Assert.Equal((HttpStatusCode.OK, "image/png"), (screenshot.StatusCode, screenshot.Content.Headers.ContentType?.MediaType));
        var png = await screenshot.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal((HttpStatusCode.OK, "text/plain"), (logFile.StatusCode, logFile.Content.Headers.ContentType?.MediaType));
        var text = Encoding.UTF8.GetString(await logFile.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains($"运行编号：{runId}", text, StringComparison.Ordinal);
        Assert.Contains(log.ErrorMessage!, text, StringComparison.Ordinal);
        Assert.Equal(log.LogContent, text);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(png, await direct.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task RunIdThatCannotBeAKey_FilesUnderARandomFolderStillOpen()
    {
        var runId = $"Run#{Guid.NewGuid():N}/B";

        var log = await RunAsync("caiwu01", runId);

        Assert.StartsWith($"{app.BaseUrl}api/v1/resources/objects/runs/simulated/", log.LogUrl, StringComparison.Ordinal);
        var client = await app.SignedInOverKestrelAsync();
        var logFile = await client.GetAsync(LogLinks.Proxy(log.LogUrl!), Ct);
        Assert.Equal(HttpStatusCode.OK, logFile.StatusCode);
        Assert.Contains(runId, await logFile.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // Starts a run on the demo robot's own task through the Workbench's agent client, as the Start button does, and
    // waits for the robot's report to be stored.
    private async Task<ExecutionLog> RunAsync(string account, string runId)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            var robot = await db.Accounts.AsNoTracking().Include(a => a.Tasks).SingleAsync(a => a.ShadowBotAccount == account, Ct);
            var task = robot.Tasks.Single();
            var start = new RobotStartRequest(runId, task.Id, task.TaskName, task.AppName, robot.ShadowBotAccount, Config: null, ConfigFileUrl: null);
            var result = await app.Services.GetRequiredService<IRobotAgent>().StartAsync(new RobotEndpoint(robot.HostIp, robot.Port, robot.TaskControl), start, Ct);
            Assert.Equal(RobotAgentResult.Accepted, result);
        }

        // A bound for a robot that never reports, not a pace: the report usually lands within a second.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(20, Ct))
        {
            await using var db = await contexts.CreateDbContextAsync(Ct);
            if (await db.ExecutionLogs.AsNoTracking().SingleOrDefaultAsync(l => l.ExecutionId == runId, Ct) is { } log)
            {
                return log;
            }
        }

        throw new TimeoutException($"Run {runId} was never reported.");
    }
}
