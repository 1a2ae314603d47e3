using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The fake ShadowBot posts its callbacks signed as ShadowBot does (<c>bodyMd5</c> and <c>timestamp</c> in the URL's query)
/// to a Workbench on a real port: a job it ran for a started task, a bad signature, and the task callback.
/// </summary>
public sealed class ShadowBotSignedCallbackTests(ShadowBotWorkbenchFixture fixture) : IClassFixture<ShadowBotWorkbenchFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedJobCallback_OfAStartedTask_Accepted_TheRunCompletes()
    {
        fixture.Fake.Callbacks.SignsBody = true;
        fixture.Fake.Callbacks.WrongSignature = false;
        var (_, taskId) = await fixture.AddShadowBotTaskAsync("sig-robot-01", "签名回调", "签名应用", "app-sig-01");
        var job = await fixture.StartViaApiAsync(taskId);

        fixture.Fake.Dispatch.EndJob(job, "finish", "执行结束", new FakeOutput("单号", "SO-8812"));
        await fixture.Fake.Callbacks.DeliveryOf(job);

        var attempt = Assert.Single(fixture.Fake.Callbacks.Attempts, a => a.JobUuid == job);
        Assert.Equal(200, attempt.Status);
        var query = QueryHelpers.ParseQuery(attempt.Url!.Query);
        Assert.Equal(32, query["bodyMd5"].ToString().Length);
        Assert.Matches("^[0-9]{13}$", query["timestamp"].ToString());
        var log = await fixture.QueryAsync(db => db.ExecutionLogs.SingleAsync(l => l.ShadowBotJobUuid == job, Ct));
        Assert.Equal((ExecutionStatus.Completed, taskId), (log.Status, log.TaskId));
        Assert.Contains("SO-8812", log.Outputs);
        Assert.Equal(RobotTaskStatus.Pending, await fixture.QueryAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task JobCallback_BodyMd5DoesNotMatch_Refused401_ShadowBotRetries_NothingStored()
    {
        fixture.Fake.Callbacks.SignsBody = true;
        fixture.Fake.Callbacks.WrongSignature = true;
        var (_, taskId) = await fixture.AddShadowBotTaskAsync("sig-robot-02", "签名错误", "签名应用", "app-sig-02");
        var job = await fixture.StartViaApiAsync(taskId);

        fixture.Fake.Dispatch.EndJob(job, "finish");
        await fixture.Fake.Callbacks.DeliveryOf(job);

        // The first post and ShadowBot's three quick retries, each refused.
        var statuses = fixture.Fake.Callbacks.Attempts.Where(a => a.JobUuid == job).Select(a => a.Status).ToList();
        Assert.Equal([401, 401, 401, 401], statuses);
        Assert.False(await fixture.QueryAsync(db => db.ExecutionLogs.AnyAsync(l => l.ShadowBotJobUuid == job, Ct)));
    }

    [Fact]
    public async Task SignedTaskCallback_EpochMillisecondTimes_EachJobOfItsJobListRecorded()
    {
        fixture.Fake.Callbacks.SignsBody = true;
        fixture.Fake.Callbacks.WrongSignature = false;
        var ended = DateTimeOffset.UtcNow;
        FakeJob[] jobs =
        [
            new("job-task-a1", "app-sig-03", "sig-robot-03", "run-a1", null) { Status = "finish", StartedAt = ended.AddMinutes(-3), EndedAt = ended.AddMinutes(-2), RobotName = "对账应用" },
            new("job-task-a2", "app-sig-03", "sig-robot-03", "run-a2", null) { Status = "error", Msg = "找不到元素", StartedAt = ended.AddMinutes(-2), EndedAt = ended, RobotName = "对账应用" },
        ];

        fixture.Fake.Callbacks.SendTask("task-sig-03", "batch-sig-03", "error", ended.AddMinutes(-3), ended, jobs);
        await fixture.Fake.Callbacks.DeliveryOf("task-sig-03");

        var attempt = Assert.Single(fixture.Fake.Callbacks.Attempts, a => a.JobUuid == "task-sig-03");
        Assert.Equal(200, attempt.Status);
        Assert.Contains("\"dataType\":\"task\"", attempt.Body);
        var logs = await fixture.QueryAsync(db => db.ExecutionLogs.Where(l => l.ShadowBotJobUuid == "job-task-a1" || l.ShadowBotJobUuid == "job-task-a2")
            .OrderBy(l => l.ShadowBotJobUuid).Select(l => new { l.ShadowBotJobUuid, l.Status, l.ShadowBotAccount, l.AppName }).ToListAsync(Ct));
        Assert.Equal(
        [
            new { ShadowBotJobUuid = (string?)"job-task-a1", Status = ExecutionStatus.Completed, ShadowBotAccount = "sig-robot-03", AppName = "对账应用" },
            new { ShadowBotJobUuid = (string?)"job-task-a2", Status = ExecutionStatus.Failed, ShadowBotAccount = "sig-robot-03", AppName = "对账应用" },
        ], logs);
    }
}
