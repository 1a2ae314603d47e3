using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The job queue behind the fake ShadowBot: a started job runs at once on its robot client when that client is idle and
/// waits otherwise; ending a job (or a client turning idle) starts the next waiting one. A repeated idempotentUuid
/// creates nothing and answers <c>idempotentFlag:true</c>. Every job that ends is handed to <see cref="JobEnded"/> (the fake
/// posts ShadowBot's job callback from there); with <see cref="AutoRunFor"/> set, a running job finishes by itself.
/// </summary>
public sealed class FakeShadowBotDispatch(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly List<FakeJob> _ended = [];
    private readonly Dictionary<string, FakeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jobByIdempotentUuid = new(StringComparer.Ordinal);
    private readonly List<FakeRobotClient> _clients = [];

    public ConcurrentDictionary<string, (string Name, byte[] Content)> Files { get; } = new(StringComparer.Ordinal);

    public List<(string Uuid, string Name)> Groups { get; } = [];

    /// <summary>The app names ShadowBot knows, by robotUuid (its callbacks carry them as <c>robotName</c>).</summary>
    public ConcurrentDictionary<string, string> RobotNames { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, a job that starts running finishes by itself this long after, with <see cref="AutoRunOutputs"/>.</summary>
    public TimeSpan? AutoRunFor { get; set; }

    public IReadOnlyList<FakeOutput> AutoRunOutputs { get; set; } = [];

    /// <summary>Receives a copy of each job that ended, outside the dispatch lock.</summary>
    internal Action<FakeJob>? JobEnded { get; set; }

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

    /// <summary>The robot ends a running job with <paramref name="status"/> (finish, error or stopped) and becomes idle.</summary>
    public void EndJob(string jobUuid, string status, string msg = "执行结束", params FakeOutput[] outputs)
    {
        lock (_lock)
        {
            End(_jobs[jobUuid], status, msg, outputs);
            StartWaitingJobs();
        }

        ReportEnded();
    }

    /// <summary>As <see cref="EndJob"/>, and job/query then reports these times (ShadowBot's <c>yyyy-MM-dd HH:mm:ss</c> text).</summary>
    public void EndJobAt(string jobUuid, string status, string msg, string startTime, string endTime)
    {
        lock (_lock)
        {
            (_jobs[jobUuid].StartTime, _jobs[jobUuid].EndTime) = (startTime, endTime);
        }

        EndJob(jobUuid, status, msg);
    }

    /// <summary>The robot runs the job now, whatever else it was doing, and finishes it with <paramref name="outputs"/>.</summary>
    public void RunJob(string jobUuid, params FakeOutput[] outputs)
    {
        lock (_lock)
        {
            var job = _jobs[jobUuid];
            job.Status = "running";
            job.StartedAt ??= clock.GetUtcNow();
        }

        EndJob(jobUuid, "finish", "执行结束", outputs);
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
        try
        {
            return HandleLocked(endpoint, body);
        }
        finally
        {
            ReportEnded();
        }
    }

    private FakeAnswer HandleLocked(string endpoint, JsonObject body)
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

        var job = new FakeJob(Guid.NewGuid().ToString(), robotUuid, accountName, idempotentUuid, body["params"]?.ToJsonString())
        {
            Status = "waiting",
            RobotName = RobotNames.GetValueOrDefault(robotUuid, "fake app"),
        };
        _jobs[job.JobUuid] = job;
        _jobByIdempotentUuid[idempotentUuid] = job.JobUuid;
        StartWaitingJobs();
        return FakeAnswer.Ok(new JsonObject { ["jobUuid"] = job.JobUuid, ["idempotentFlag"] = false });
    }

    private FakeAnswer Stop(FakeJob job)
    {
        if (!job.IsTerminal)
        {
            End(job, "stopped", "任务被停止", []);
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

    private void End(FakeJob job, string status, string msg, IReadOnlyList<FakeOutput> outputs)
    {
        if (job.Status == "running" && Client(job.AccountName) is { } client)
        {
            client.Status = "idle";
        }

        job.Status = status;
        job.Msg = msg;
        job.Outputs = outputs;
        job.EndedAt = clock.GetUtcNow();
        _ended.Add(job with { });
    }

    private void ReportEnded()
    {
        List<FakeJob> ended;
        lock (_lock)
        {
            ended = [.. _ended];
            _ended.Clear();
        }

        foreach (var job in ended)
        {
            JobEnded?.Invoke(job);
        }
    }

    private void AutoFinish(string jobUuid, TimeSpan after) => _ = Task.Run(async () =>
    {
        await Task.Delay(after);
        lock (_lock)
        {
            if (_jobs[jobUuid].Status != "running")
            {
                return;
            }
        }

        EndJob(jobUuid, "finish", "执行结束", [.. AutoRunOutputs]);
    });

    private void StartWaitingJobs()
    {
        foreach (var job in _jobs.Values.Where(j => j.Status == "waiting"))
        {
            if (Client(job.AccountName) is { Status: "idle" } client)
            {
                client.Status = "running";
                job.Status = "running";
                job.RobotClientUuid = client.RobotClientUuid;
                job.StartedAt = clock.GetUtcNow();
                if (AutoRunFor is { } after)
                {
                    AutoFinish(job.JobUuid, after);
                }
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

    /// <summary>What job/query reports as the job's times, when a test set them (<see cref="FakeShadowBotDispatch.EndJobAt"/>).</summary>
    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public string RobotName { get; init; } = "fake app";

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Msg { get; set; }

    public IReadOnlyList<FakeOutput> Outputs { get; set; } = [];

    public bool IsTerminal => Status is "finish" or "stopped" or "error" or "skipped" or "cancel";

    public JsonObject ToJson() => new()
    {
        ["jobUuid"] = JobUuid,
        ["status"] = Status,
        ["statusName"] = Status,
        ["robotClientUuid"] = RobotClientUuid,
        ["robotClientName"] = AccountName,
        ["robotUuid"] = RobotUuid,
        ["robotName"] = RobotName,
        ["remark"] = Msg,
        ["startTime"] = StartTime,
        ["endTime"] = EndTime,
        ["robotParams"] = new JsonObject
        {
            ["outputs"] = new JsonArray([.. Outputs.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["value"] = o.Value, ["type"] = o.Type })]),
        },
    };
}

/// <summary>One output parameter of a finished job, as ShadowBot's <c>result</c> lists it.</summary>
public sealed record FakeOutput(string Name, string Value, string Type = "str");
