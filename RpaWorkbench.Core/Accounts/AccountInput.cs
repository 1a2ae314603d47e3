namespace RpaWorkbench.Core.Accounts;

/// <summary>What an operator types to create or edit an account. <see cref="Version"/> is the version they edited.</summary>
public sealed record AccountInput(string? ShadowBotAccount, string? HostIp, int? Port, int? Version = null);
