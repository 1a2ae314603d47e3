using System.Net;
using System.Net.Sockets;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Benchmarks.Workflows;

/// <summary>
/// What the workflow benchmark runs against: the batch fleet's robots and group task, a five-step workflow written
/// straight into the database (http → robot_run → http → wait 1 s → http), and the HTTP server its HTTP steps call,
/// in this process on a loopback address reached by a host name (the HTTP step refuses IP addresses and localhost).
/// The server notes when each run's request of each step arrived: an HTTP step is dispatched when its request arrives.
/// </summary>
internal sealed class WorkflowFleet : IAsyncDisposable
{
    private readonly WebApplication? _server;
    private readonly ConcurrentDictionary<(long Run, string Path), DateTime> _arrivals;

    private WorkflowFleet(WebApplication? server, ConcurrentDictionary<(long Run, string Path), DateTime> arrivals, string? host, int port)
    {
        _server = server;
        _arrivals = arrivals;
        Host = host;
        Port = port;
    }

    /// <summary>The host name the HTTP steps call; null when no name of this machine resolves to loopback (then the workflow has no HTTP step).</summary>
    public string? Host { get; }

    public int Port { get; }

    /// <summary>Requests the server answered.</summary>
    public int Served => _arrivals.Count;

    /// <summary>When the request of HTTP step <paramref name="step"/> of run <paramref name="runId"/> reached the server (UTC), if it did.</summary>
    public DateTime? ArrivedAt(long runId, WorkflowStep step) =>
        step.Http is { } http && _arrivals.TryGetValue((runId, new Uri(http.Url).AbsolutePath), out var at) ? at : null;

    /// <summary>Settings that let the Workbench's HTTP steps reach the server (and nothing else).</summary>
    public string[] WorkbenchSettings => Host is null
        ? []
        : [$"--{WorkflowOptionsKey("HttpAllowedHosts")}:0", Host, $"--{WorkflowOptionsKey("HttpAllowedNetworks")}:0", "127.0.0.0/8", $"--{WorkflowOptionsKey("HttpAllowedNetworks")}:1", "::1/128"];

    /// <summary>The steps in order, as a run's attempts are numbered.</summary>
    public WorkflowStep[] Steps(long taskId) => Host is null
        ?
        [
            new("wait_first", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 1 } },
            Robot(taskId, "{{ run.id }}"),
            new("wait", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 1 } },
        ]
        :
        [
            new("order", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("GET", $"{BaseUrl}/order?run={{{{ run.id }}}}") },
            Robot(taskId, "{{ steps.order.outputs.json.order }}"),
            new("report", WorkflowStepKind.Http)
            {
                Http = new WorkflowHttpStep("POST", $"{BaseUrl}/report?run={{{{ run.id }}}}")
                {
                    Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                    Body = "{\"order\":\"{{ steps.order.outputs.json.order }}\",\"robot\":\"{{ steps.robot.status }}\"}",
                },
            },
            new("cool_down", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 1 } },
            new("done", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("GET", $"{BaseUrl}/done?run={{{{ run.id }}}}") },
        ];

    private string BaseUrl => $"http://{Host}:{Port}";

    /// <summary>Starts the HTTP server on the loopback address a host name of this machine resolves to, when there is one.</summary>
    public static async Task<WorkflowFleet> StartAsync(CancellationToken cancellationToken)
    {
        if (await LoopbackHostAsync(cancellationToken) is not var (host, address))
        {
            return new WorkflowFleet(null, new ConcurrentDictionary<(long, string), DateTime>(), null, 0);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:0");
        var app = builder.Build();
        var arrivals = new ConcurrentDictionary<(long, string), DateTime>();
        app.Use((context, next) =>
        {
            if (long.TryParse(context.Request.Query["run"], out var run))
            {
                arrivals.TryAdd((run, context.Request.Path.Value!), DateTime.UtcNow);
            }

            return next(context);
        });
        app.MapGet("/order", (string run) => TypedResults.Ok(new { order = $"SO-{run}", quantity = 1 }));
        app.MapPost("/report", () => TypedResults.Ok(new { received = true }));
        app.MapGet("/done", () => TypedResults.Ok(new { ok = true }));
        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new WorkflowFleet(app, arrivals, host, bound.Port);
    }

    /// <summary>Inserts the workflow (version 1) for the group task; returns its id.</summary>
    public async Task<long> SeedWorkflowAsync(BenchmarkDatabase database, long taskId, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var workflow = new Workflow { Name = "基准流程", LatestVersion = 1, CreatedBy = "benchmark", CreatedAt = now, UpdatedAt = now };
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync(cancellationToken);
        db.WorkflowVersions.Add(new WorkflowVersion
        {
            WorkflowId = workflow.Id, Number = 1, Definition = new WorkflowDefinition { Steps = Steps(taskId) }, CreatedBy = "benchmark", CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return workflow.Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static WorkflowStep Robot(long taskId, string order) => new("robot", WorkflowStepKind.RobotRun)
    {
        Task = new WorkflowTaskStep(taskId) { Parameters = new Dictionary<string, string> { ["订单号"] = order, ["数量"] = "1" } },
    };

    private static string WorkflowOptionsKey(string name) => $"{WorkflowOptions.SectionName}:{name}";

    // A name /etc/hosts maps to loopback (not localhost) that resolves to loopback alone. The machine's own name often
    // fails the check: .NET answers it with every interface's address too, which the HTTP step refuses.
    private static async Task<(string Host, IPAddress Address)?> LoopbackHostAsync(CancellationToken cancellationToken)
    {
        var hostsFile = File.Exists("/etc/hosts") ? await File.ReadAllLinesAsync("/etc/hosts", cancellationToken) : [];
        var names = hostsFile
            .Select(line => line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 1 && IPAddress.TryParse(fields[0], out var address) && IPAddress.IsLoopback(address))
            .SelectMany(fields => fields[1..])
            .Append(Dns.GetHostName())
            .Select(name => name.ToLowerInvariant())
            .Where(name => HostAllowList.TryNormalizeEntry(name, out _))
            .Distinct();
        foreach (var name in names)
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken);
                if (addresses.Length > 0 && addresses.All(IPAddress.IsLoopback))
                {
                    return (name, addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0]);
                }
            }
            catch (SocketException)
            {
                // Not resolvable here: the next name.
            }
        }

        return null;
    }
}
