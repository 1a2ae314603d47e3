using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.Simulation;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots;

/// <summary>The simulated robot's pieces on their own: addresses, what it reports, its key, its failures, its switch.</summary>
public sealed class SimulatedRobotPartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 27, 2, 0, 0, 125, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("https://127.0.0.1:5001;http://192.168.1.5:5000;http://[::]:5000", "http://127.0.0.1:5000/")]
    [InlineData("https://localhost:5001", "https://127.0.0.1:5001/")]
    [InlineData("http://192.168.1.5:5000;http://rpa.corp.local:5000", null)]
    public void PickWorkbenchAddress_NeverLeavesTheMachine(string listening, string? expected) =>
        Assert.Equal(expected, WorkbenchLoopbackAddress.Pick(listening.Split(';'))?.AbsoluteUri);

    [Theory]
    [InlineData("tygj001", "tygj001-192.168.10.21:8080", "192.168.10.21", 8080)]
    [InlineData("kefu02", "kefu02-[fd00:8::15]:18080", "fd00:8::15", 18080)]
    [InlineData("caiwu01", "caiwu01-RPA-Finance-01.corp.local:9000", "rpa-finance-01.corp.local", 9000)]
    [InlineData("ghost", "someone-else-10.0.0.1:80", null, null)]
    [InlineData("legacy", "legacy-:0", null, null)]
    public void Run_ReadsHostAndPortFromTheTaskControl(string account, string taskControl, string? host, int? port)
    {
        using var run = new SimulatedRun(taskControl, StartRequest(account));

        Assert.Equal((host, port), (run.Host, run.Port));
    }

    [Theory]
    [InlineData("Completed", ExecutionStatus.Completed, null)]
    [InlineData("Failed", ExecutionStatus.Failed, "")]
    [InlineData("Stopped", ExecutionStatus.Failed, "stopped by operator")]
    public void Report_IsAcceptedByTheWorkbenchsOwnParser(string outcomeName, ExecutionStatus status, string? error)
    {
        var outcome = Enum.Parse<SimulatedOutcome>(outcomeName);
        using var run = new SimulatedRun("kefu02-[fd00:8::15]:18080", StartRequest("kefu02"));
        var report = new SimulatedRunReport(Options.Create(new WebhookOptions()));
        var parser = new CallbackParser(new RobotTime(Options.Create(new WebhookOptions())), Options.Create(new WebhookOptions()));

        var confirm = parser.ParseConfirm(Json(report.Confirm(run, Start)));
        var completion = parser.ParseExecution(Json(report.Completion(run, Start, Start.AddSeconds(4.5), outcome, new Random(7))));

        Assert.Equal(new ConfirmCallback(new RobotIdentity("kefu02", "fd00:8::15", 18080), "评价回复", 42, Start.UtcDateTime), confirm);
        Assert.Equal((status, "run-7f3a", 42L, Start.UtcDateTime, 4.5), (completion.Status, completion.ExecutionId, completion.TaskId, completion.StartUtc, completion.DurationSeconds));
        Assert.Equal(new RobotIdentity("kefu02", "fd00:8::15", 18080), completion.Robot);
        Assert.True(completion.LogInfo && completion.LogContent!.Contains("评价回复", StringComparison.Ordinal));
        Assert.True(error switch { null => completion.ErrorMessage is null, "" => completion.ErrorMessage is { Length: > 0 }, _ => completion.ErrorMessage == error });
    }

    [Fact]
    public void Report_TimesAreInTheRobotsZoneWithOffset()
    {
        using var run = new SimulatedRun("tygj001-192.168.10.21:8080", StartRequest("tygj001"));

        var body = new SimulatedRunReport(Options.Create(new WebhookOptions())).Confirm(run, Start);

        Assert.Equal("2026-01-27T10:00:00.125+08:00", body.StartTime);
    }

    [Fact]
    public async Task RenewKey_RevokesEarlierSimulatorKeysOnly()
    {
        await using var core = await new CoreTestHost().MigrateAsync();
        core.User.SignIn(Core.Security.Roles.Admin);
        var operatorsKey = await core.Get<ApiKeyService>().CreateAsync(new NewApiKey(SimulatedRobotKey.Name), Ct);

        var first = await core.Get<SimulatedRobotKey>().RenewAsync(Ct);
        var second = await core.Get<SimulatedRobotKey>().RenewAsync(Ct);

        var authenticator = core.Get<ApiKeyAuthenticator>();
        Assert.Null(await authenticator.AuthenticateAsync(first, Ct));
        Assert.NotNull(await authenticator.AuthenticateAsync(second, Ct));
        Assert.NotNull(await authenticator.AuthenticateAsync(operatorsKey.Secret, Ct));
    }

    [Fact]
    public async Task Callback_WorkbenchFailingEveryAttempt_RetriesThenWarnsWithoutTheKey()
    {
        await using var workbench = await RecordingRobotAgent.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            workbench.Then(HttpStatusCode.ServiceUnavailable, """{"detail":"Not stored, retry"}""");
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        await using var provider = services.AddSimulatedRobot().BuildServiceProvider();
        var client = provider.GetRequiredService<WorkbenchCallbackClient>();
        const string key = "wbk_secret-that-must-never-be-logged-0123456789";
        client.Connect(workbench.BaseAddress, key);

        var stored = await client.PostAsync(WorkbenchCallbackClient.Heartbeat, SimulatedRunReport.Heartbeat("tygj001", null, null), Ct);

        Assert.False(stored);
        Assert.Equal(4, workbench.Requests.Count);
        Assert.All(workbench.Requests, r => Assert.Equal("/api/v1/webhook/heartbeat", r.Path));
        Assert.Contains(logs.Entries, e => e.Category.EndsWith(nameof(WorkbenchCallbackClient), StringComparison.Ordinal) && e.Message.Contains("503", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, null, RobotMode.Simulated)]
    [InlineData(true, "Direct", RobotMode.Direct)]
    [InlineData(false, null, RobotMode.Direct)]
    public void Mode_DemoWithoutAConfiguredMode_IsSimulated(bool demo, string? mode, RobotMode expected)
    {
        var settings = new Dictionary<string, string?> { ["Workbench:Demo"] = demo ? "true" : "false" };
        if (mode is not null)
        {
            settings["Workbench:Robots:Mode"] = mode;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        using var provider = services.AddRobotAgent().BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptions<RobotOptions>>().Value.Mode);
    }

    [Fact]
    public async Task Simulated_OnTheInMemoryTestServer_StillAnswersTheAgentProtocol()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:Robots:Mode"] = "Simulated" });
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz", Ct)).StatusCode);

        var result = await app.Services.GetRequiredService<IRobotAgent>()
            .StartAsync(new RobotEndpoint("10.1.2.3", 8080, "tygj001-10.1.2.3:8080"), StartRequest("tygj001"), Ct);

        Assert.Equal(RobotAgentResult.Accepted, result);
    }

    private static RobotStartRequest StartRequest(string account) =>
        new("run-7f3a", 42, "评价回复-每日", "评价回复", account, Config: null, ConfigFileUrl: null);

    private static JsonElement Json<T>(T body) => JsonSerializer.SerializeToElement(body);
}
