using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.Storage;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Calls of the robots' config APIs as a robot makes them, and tasks to call them for.</summary>
public static class RobotConfigCalls
{
    /// <summary>Posts the upload form: <c>task_id</c> and the file in <c>file</c>, each left out when null.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string? taskId, string? fileName, byte[] bytes, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        if (taskId is not null)
        {
            form.Add(new StringContent(taskId), ConfigUploadEndpoint.TaskIdField);
        }

        if (fileName is not null)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, ConfigUploadEndpoint.FileField, fileName);
        }

        return await client.PostAsync(ConfigUploadEndpoint.Path, form, cancellationToken);
    }

    /// <summary><c>config/get</c> by task id; the reply's JSON.</summary>
    public static async Task<JsonElement> GetAsync(HttpClient client, long taskId, CancellationToken cancellationToken)
    {
        var response = await client.PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = taskId }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>Adds a task (and its account, unless one of that name exists) straight to the database; its id.</summary>
    public static async Task<long> AddTaskAsync(
        IServiceProvider services, string account = "tygj-api", string app = "财务日报", string? config = null, string host = "10.0.0.8", int port = 8080)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var owner = await db.Accounts.FirstOrDefaultAsync(a => a.ShadowBotAccount == account) ?? new Account
        {
            ShadowBotAccount = account, HostIp = host, Port = port,
            TaskControl = AccountRules.TaskControl(account, host, port), CreatedAt = now, UpdatedAt = now,
        };
        var task = new RobotTask { TaskName = $"{app}-api", AppName = app, Account = owner, ConfigJson = config, CreatedAt = now, UpdatedAt = now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
