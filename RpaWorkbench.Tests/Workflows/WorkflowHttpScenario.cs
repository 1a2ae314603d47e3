using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// The Core's HTTP step runner as the app registers it, with a test network (names resolve only as mapped, connections
/// only to loopback) and a real server on 127.0.0.1. Allowed: <see cref="ApiHost"/> and <c>*.intranet.example.test</c>,
/// into 127.0.0.1/32 only; responses up to 1024 bytes. One per test.
/// </summary>
public sealed class WorkflowHttpScenario : IAsyncDisposable
{
    public const string ApiHost = "api.example.test";
    public const string SecretValue = "s3cr3t-T0ken!";

    private WorkflowHttpScenario(WorkflowHttpTestServer server, IDictionary<string, string?>? overrides)
    {
        Server = server;
        Network.Map(ApiHost, "127.0.0.1");
        var settings = new Dictionary<string, string?>
        {
            ["Workbench:Workflows:HttpAllowedHosts:0"] = ApiHost,
            ["Workbench:Workflows:HttpAllowedHosts:1"] = "*.intranet.example.test",
            ["Workbench:Workflows:HttpAllowedNetworks:0"] = "127.0.0.1/32",
            ["Workbench:Workflows:HttpMaxResponseBytes"] = "1024",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        Host = new CoreTestHost(DatabaseProvider.Sqlite, settings, services =>
        {
            services.AddSingleton<IProxyNetwork>(Network);
            services.AddLogging(logging => logging.AddProvider(Logs));
        });
    }

    public WorkflowHttpTestServer Server { get; }

    public LoopbackOnlyProxyNetwork Network { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public CoreTestHost Host { get; }

    public IWorkflowHttpStepRunner Runner => Host.Get<IWorkflowHttpStepRunner>();

    /// <param name="overrides">Settings changed from the usual: a value replaces, null removes the key.</param>
    public static async Task<WorkflowHttpScenario> StartAsync(IDictionary<string, string?>? overrides = null) =>
        new(await WorkflowHttpTestServer.StartAsync(), overrides);

    /// <summary>The test server's URL for <paramref name="pathAndQuery"/> under <paramref name="host"/>.</summary>
    public string Url(string pathAndQuery, string host = ApiHost) => $"http://{host}:{Server.Port}{pathAndQuery}";

    /// <summary>A run's template data: these inputs, and the secret <c>api_token</c>.</summary>
    public static WorkflowTemplateModel Model(params (string Name, string Value)[] inputs) => new(
        inputs.ToDictionary(i => i.Name, i => (string?)i.Value),
        new Dictionary<string, string> { ["api_token"] = SecretValue },
        runId: 7);

    public Task<WorkflowStepOutcome> RunAsync(WorkflowHttpStep step, WorkflowTemplateModel? model = null, int timeoutSeconds = 30) =>
        Runner.RunAsync(step, model ?? Model(), TimeSpan.FromSeconds(timeoutSeconds), TestContext.Current.CancellationToken);

    public static JsonObject Json(string? text) => JsonNode.Parse(text ?? throw new InvalidOperationException("No JSON recorded."))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
    }
}
