using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>ShadowBot's native callbacks as its documentation shows them (docs/robots-shadowbot-callbacks.md), per test fresh ids.</summary>
public static class ShadowBotPayloads
{
    public const string Path = "/api/v1/webhook/shadowbot";

    /// <summary>The documented job callback, with this test's account and job.</summary>
    public static Dictionary<string, object?> Job(string account, string jobUuid, string status = "finish") => new()
    {
        ["dataType"] = "job",
        ["jobUuid"] = jobUuid,
        ["status"] = status,
        ["msg"] = "执行结束",
        ["robotClientUuid"] = "bfd2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
        ["robotClientName"] = account,
        ["startTime"] = "2021-02-03 11:11:11",
        ["endTime"] = "2021-03-03 12:12:12",
        ["robotName"] = "导出淘宝订单",
        ["robotUuid"] = "7d1e2f3a-4b5c-4d6e-8f70-a1b2c3d4e5f6",
        ["idempotentUuid"] = "run-" + jobUuid[..8],
        ["result"] = new object[]
        {
            new { name = "姓", value = "王", type = "str" },
            new { name = "上传文件", value = "https://example.com/request.txt", type = "file" },
        },
    };

    /// <summary>The documented task callback: task times in epoch milliseconds, job times as strings.</summary>
    public static Dictionary<string, object?> Task(string status, params Dictionary<string, object?>[] jobs) => new()
    {
        ["dataType"] = "task",
        ["taskUuid"] = NewUuid(),
        ["status"] = status,
        ["msg"] = "",
        ["idempotentUuid"] = "task-" + NewUuid()[..8],
        ["startTime"] = 1642837962000,
        ["endTime"] = 1642838062000,
        ["jobList"] = jobs,
    };

    public static string NewUuid() => Guid.NewGuid().ToString();

#pragma warning disable CA5351 // ShadowBot signs with MD5
    public static string Md5Hex(byte[] body) => Convert.ToHexStringLower(MD5.HashData(body));
#pragma warning restore CA5351

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
