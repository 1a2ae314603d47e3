using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Builds what an agent is sent to start one run of a task on one robot: the same request whether an operator started
/// the task or the dispatch queue started one of its queued runs.
/// </summary>
public sealed class RunStartRequests(ConfigFileLinks configFileLinks, ILogger<RunStartRequests> logger)
{
    /// <summary>The request for run <paramref name="runId"/> of <paramref name="task"/> on <paramref name="robot"/>, with the run's checked parameter values.</summary>
    public async Task<RobotStartRequest> BuildAsync(RobotTask task, Account robot, string runId,
        IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var configFileUrl = await ConfigFileUrlAsync(task, cancellationToken);
        return new RobotStartRequest(runId, task.Id, task.TaskName, task.AppName, robot.ShadowBotAccount,
            TaskConfigJson.Parse(task.ConfigJson), configFileUrl)
        {
            ShadowBot = task.ShadowBot,
            RunTimeout = task.RunTimeout,
            ConfigFileKey = task.ConfigFileKey,
            Parameters = parameters,
            DeclaredParameters = task.Parameters,
        };
    }

    /// <summary>Where the agent reaches a robot.</summary>
    public static RobotEndpoint Endpoint(Account account) => new(account.HostIp, account.Port, account.TaskControl);

    // A start has no robot request to take the Workbench's address from: the link uses Workbench:PublicBaseUrl or the server's own.
    private async Task<Uri?> ConfigFileUrlAsync(RobotTask task, CancellationToken cancellationToken)
    {
        if (task.ConfigFileKey is null)
        {
            return null;
        }

        var link = await configFileLinks.CreateAsync(task.ConfigFileKey, requestBase: null, cancellationToken);
        if (link is null)
        {
            logger.LogWarning("Task {TaskId} starts without its config file's URL: the Workbench knows no address to link to (set Workbench:PublicBaseUrl)", task.Id);
        }

        return link?.Url;
    }
}
