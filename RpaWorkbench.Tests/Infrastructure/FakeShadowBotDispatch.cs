using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The job queue behind the fake ShadowBot: a started job runs at once on its robot client when that client is idle and
/// waits otherwise; ending a job (or a client turning idle) starts the next waiting one. A repeated idempotentUuid
/// creates nothing and answers <c>idempotentFlag:true</c>.
/// </summary>
public sealed class FakeShadowBotDispatch
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jobByIdempotentUuid = new(StringComparer.Ordinal);
    private readonly List<FakeRobotClient> _clients = [];

    public ConcurrentDictionary<string, (string Name, byte[] Content)> Files { get; } = new(StringComparer.Ordinal);

    public List<(string Uuid, string Name)> Groups { get; } = [];

    /// <summary>Adds a robot client; its name is the account name job/start addresses.</summary>
    public void AddClient(string accountName, string status = "idle")
    {
        lock (_lock)
        {
            _clients.Add(new FakeRobotClient(Guid.NewGuid().ToString(), accountName) { Status = status });
        }
    }

    /// <summary>A client changes status (as when it goes offline or comes back); turning idle picks up its next waiting job.</summary>
    public void SetClientStatus(string accountName, string status)
    {
        lock (_lock)
        {
            var client = Client(accountName)!;
            client.Status = status;
            StartWaitingJobs();
        }
    }

    /// <summary>
    /// The robot ends a running job with <paramref name="status"/> (finish, error or stopped) and becomes idle; job/query
    /// then reports the remark and times given (ShadowBot's <c>yyyy-MM-dd HH:mm:ss</c> text).
    /// </summary>
    public void EndJob(string jobUuid, string status, string? remark = null, string? startTime = null, string? endTime = null)
    {
        lock (_lock)
        {
            var job = _jobs[jobUuid];
            End(job, status);
            (job.Remark, job.StartTime, job.EndTime) = (remark, startTime, endTime);
            StartWaitingJobs();
        }
    }

    public FakeJob Job(string jobUuid)
    {
        lock (_lock)
        {
            return _jobs[jobUuid] with { };
        }
    }

    public int JobCount
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }

    internal string StoreFile(string name, byte[] content)
    {
        var fileKey = "fk-" + Guid.NewGuid().ToString("N");
        Files[fileKey] = (name, content);
        return fileKey;
    }

    internal FakeAnswer Handle(string endpoint, JsonObject body)
    {
        lock (_lock)
        {
            return endpoint switch
            {
                "/job/start" => Start(body),
                "/job/stop" => WithJob(body, Stop),
                "/job/retry" => WithJob(body, Retry),
                "/job/query" => WithJob(body, job => FakeAnswer.Ok(job.ToJson())),
                "/client/list" => ListClients(body),
                "/client/group/list" => FakeAnswer.Ok(new JsonArray(Groups.Select(g => (JsonNode)new JsonObject
                {
                    ["robotClientGroupUuid"] = g.Uuid,
                    ["robotClientGroupName"] = g.Name,
                }).ToArray())),
                _ => new FakeAnswer(404, "no such endpoint", null),
            };
        }
    }

    private FakeAnswer Start(JsonObject body)
    {
        var robotUuid = (string?)body["robotUuid"];
        var accountName = (string?)body["accountName"];
        if (string.IsNullOrEmpty(robotUuid) || (accountName is null && body["robotClientGroupUuid"] is null))
        {
            return new FakeAnswer(400, "robotUuid and accountName or robotClientGroupUuid are required", null);
        }

        if (accountName is not null && Client(accountName) is null)
        {
            return new FakeAnswer(400, "机器人账号不存在", null);
        }

        var idempotentUuid = (string?)body["idempotentUuid"] ?? Guid.NewGuid().ToString();
        if (_jobByIdempotentUuid.TryGetValue(idempotentUuid, out var existing))
        {
            return FakeAnswer.Ok(new JsonObject { ["jobUuid"] = existing, ["idempotentFlag"] = true });
        }

        var job = new FakeJob(Guid.NewGuid().ToString(), robotUuid, accountName, idempotentUuid, body["params"]?.ToJsonString()) { Status = "waiting" };
        _jobs[job.JobUuid] = job;
        _jobByIdempotentUuid[idempotentUuid] = job.JobUuid;
        StartWaitingJobs();
        return FakeAnswer.Ok(new JsonObject { ["jobUuid"] = job.JobUuid, ["idempotentFlag"] = false });
    }

    private FakeAnswer Stop(FakeJob job)
    {
        if (!job.IsTerminal)
        {
            End(job, "stopped");
            StartWaitingJobs();
        }

        return FakeAnswer.Ok(null);
    }

    private FakeAnswer Retry(FakeJob job)
    {
        if (job.Status is not ("error" or "stopped"))
        {
            return new FakeAnswer(400, $"job in status {job.Status} cannot be retried", null);
        }

        job.Status = "waiting";
        StartWaitingJobs();
        return FakeAnswer.Ok(null);
    }

    private FakeAnswer ListClients(JsonObject body)
    {
        var page = (int?)body["page"] ?? 1;
        var size = (int?)body["size"] ?? 20;
        var status = (string?)body["status"];
        var matching = _clients.Where(c => status is null || c.Status == status).ToList();
        var items = matching.Skip((page - 1) * size).Take(size).Select(c => (JsonNode)c.ToJson()).ToArray();
        return FakeAnswer.Ok(new JsonArray(items), new JsonObject
        {
            ["total"] = matching.Count,
            ["size"] = size,
            ["page"] = page,
            ["pages"] = (matching.Count + size - 1) / size,
        });
    }

    private FakeAnswer WithJob(JsonObject body, Func<FakeJob, FakeAnswer> act) =>
        _jobs.TryGetValue((string?)body["jobUuid"] ?? "", out var job) ? act(job) : new FakeAnswer(400, "job not found", null);

    private void End(FakeJob job, string status)
    {
        if (job.Status == "running" && Client(job.AccountName) is { } client)
        {
            client.Status = "idle";
        }

        job.Status = status;
    }

    private void StartWaitingJobs()
    {
        foreach (var job in _jobs.Values.Where(j => j.Status == "waiting"))
        {
            if (Client(job.AccountName) is { Status: "idle" } client)
            {
                client.Status = "running";
                job.Status = "running";
                job.RobotClientUuid = client.RobotClientUuid;
            }
        }
    }

    private FakeRobotClient? Client(string? accountName) => _clients.FirstOrDefault(c => c.RobotClientName == accountName);

    private sealed record FakeRobotClient(string RobotClientUuid, string RobotClientName)
    {
        public required string Status { get; set; }

        public JsonObject ToJson() => new()
        {
            ["robotClientUuid"] = RobotClientUuid,
            ["robotClientName"] = RobotClientName,
            ["status"] = Status,
            ["description"] = "",
            ["windowsUserName"] = "robot",
            ["clientIp"] = "127.0.0.1",
            ["machineName"] = "FAKE-PC",
        };
    }
}

/// <summary>A job the fake holds; <see cref="Params"/> is the params array exactly as it arrived.</summary>
public sealed record FakeJob(string JobUuid, string RobotUuid, string? AccountName, string IdempotentUuid, string? Params)
{
    public required string Status { get; set; }

    public string? RobotClientUuid { get; set; }

    public string? Remark { get; set; }

    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public bool IsTerminal => Status is "finish" or "stopped" or "error" or "skipped" or "cancel";

    public JsonObject ToJson() => new()
    {
        ["jobUuid"] = JobUuid,
        ["status"] = Status,
        ["statusName"] = Status,
        ["robotClientUuid"] = RobotClientUuid,
        ["robotClientName"] = AccountName,
        ["robotUuid"] = RobotUuid,
        ["robotName"] = "fake app",
        ["remark"] = Remark,
        ["startTime"] = StartTime,
        ["endTime"] = EndTime,
    };
}
