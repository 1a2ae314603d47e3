using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotJobStartValidationTests
{
    // The params array is measured as the JSON sent: [{"name":"p","value":"","type":"str"}] is 38 characters around the value.
    private const int Wrapping = 38;

    private static readonly ShadowBotJobStart Valid = new("app-7c1e") { AccountName = "admin@fckj" };

    public static TheoryData<string, ShadowBotJobStart, string?> Cases => new()
    {
        { "account only", Valid, null },
        { "group with scope", new ShadowBotJobStart("app-7c1e") { RobotClientGroupUuid = "group-9d2", ExecuteScope = ShadowBotExecuteScope.All }, null },
        { "no app", Valid with { RobotUuid = "" }, "robotUuid" },
        { "neither account nor group", Valid with { AccountName = null }, "accountName" },
        { "both account and group", Valid with { RobotClientGroupUuid = "group-9d2" }, "accountName" },
        { "scope without group", Valid with { ExecuteScope = ShadowBotExecuteScope.Any }, "executeScope" },
        { "wait 59 s", Valid with { WaitTimeoutSeconds = 59 }, "waitTimeoutSeconds" },
        { "wait 60 s", Valid with { WaitTimeoutSeconds = 60 }, null },
        { "wait 11 days", Valid with { WaitTimeoutSeconds = 950400 }, null },
        { "wait 11 days and 1 s", Valid with { WaitTimeoutSeconds = 950401 }, "waitTimeoutSeconds" },
        { "run 59 s", Valid with { RunTimeout = 59 }, "runTimeout" },
        { "run 950400 s", Valid with { RunTimeout = 950400 }, null },
        { "run 950401 s", Valid with { RunTimeout = 950401 }, "runTimeout" },
        { "documented types", Valid with { Params = [new("姓", "王", "str"), new("n", "3", "int"), new("x", "1.5", "float"), new("ok", "true", "bool"), new("上传文件", "fk-1", "file")] }, null },
        { "type string", Valid with { Params = [new("a", "1", "str"), new("b", "x", "string")] }, "params[1].type" },
        { "nameless param", Valid with { Params = [new("", "1", "str")] }, "params[0].name" },
        { "params of 10000 characters", Valid with { Params = [new("p", new string('a', 10000 - Wrapping), "str")] }, null },
        { "params of 10001 characters", Valid with { Params = [new("p", new string('a', 10001 - Wrapping), "str")] }, "params" },
        { "idempotentUuid of 36", Valid with { IdempotentUuid = new string('u', 36) }, null },
        { "idempotentUuid of 37", Valid with { IdempotentUuid = new string('u', 37) }, "idempotentUuid" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_DocumentedBounds_NameTheBadField(string scenario, ShadowBotJobStart start, string? badField)
    {
        var error = Record.Exception(() => ShadowBotJobStartValidation.Check(start));

        if (badField is null)
        {
            Assert.True(error is null, $"{scenario}: {error?.Message}");
        }
        else
        {
            var failed = Assert.IsType<ValidationFailedException>(error);
            Assert.Equal(badField, Assert.Single(failed.Errors).Field);
        }
    }

    [Fact]
    public async Task StartJob_OutOfBounds_SendsNothing()
    {
        await using var host = await ShadowBotTestHost.StartAsync(new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Client.StartJobAsync(
            Valid with { AccountName = "robot1@fake", WaitTimeoutSeconds = 30, RunTimeout = 1_000_000 }, TestContext.Current.CancellationToken));

        Assert.Equal(["waitTimeoutSeconds", "runTimeout"], error.Errors.Select(e => e.Field));
        Assert.Empty(host.Fake.Requests);
    }
}
