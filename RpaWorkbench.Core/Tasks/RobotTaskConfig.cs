using System.Text.Json;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Tasks;

/// <summary>Which task a robot asks about: by id, or by its account and app (the seed's <c>config/get</c> body).</summary>
public sealed record RobotConfigQuery(long? TaskId, string? ShadowBotAccount, string? AppName);

/// <summary>What a robot needs to run a task: its config JSON and a time-limited link to its config file.</summary>
public sealed record RobotTaskConfig(
    long TaskId,
    string TaskName,
    string ShadowBotAccount,
    string AppName,
    JsonElement? ConfigJson,
    StoredConfigFile? ConfigFile);

/// <summary>A task's config file as robots see it: a name, its size when known, and a link (null when none can be made).</summary>
public sealed record StoredConfigFile(string Name, long? Size, ConfigFileLink? Link);
