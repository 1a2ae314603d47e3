using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>The <c>apikey</c> command line, run as its own process: it acts as the admin "cli" and is audited as such.</summary>
public sealed class ApiKeyCommandTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateListRevoke_WorkWithoutASignedInUser_AndAreAuditedAsCli()
    {
        using var folder = new TempDirectory();
        var database = Path.Combine(folder.Path, "workbench.db");

        var (created, secret, _) = await RunAsync(database, "create", "robots");
        var (listed, list, _) = await RunAsync(database, "list");
        var id = list.Split('\t')[0];
        var (revoked, _, revokeMessage) = await RunAsync(database, "revoke", id);

        Assert.Equal((0, 0, 0), (created, listed, revoked));
        Assert.StartsWith("wbk_", secret.Trim(), StringComparison.Ordinal);
        Assert.Contains("robots", list, StringComparison.Ordinal);
        Assert.Contains("by cli", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Trim(), list, StringComparison.Ordinal);
        Assert.Contains($"API key {id} revoked", revokeMessage, StringComparison.Ordinal);
        Assert.Equal(
            [(AuditActors.CommandLine, AuditActions.ApiKeyCreated, "robots"), (AuditActors.CommandLine, AuditActions.ApiKeyRevoked, "robots")],
            await AuditAsync(database));
    }

    [Fact]
    public async Task Create_TakesTheDatabaseFromACommandLineSwitchAfterItsWords()
    {
        using var folder = new TempDirectory();
        var fromEnvironment = Path.Combine(folder.Path, "environment.db");
        var fromSwitch = Path.Combine(folder.Path, "switch.db");

        var (created, secret, error) = await RunAsync(fromEnvironment, "create", "robots", "--ConnectionStrings:Workbench", $"Data Source={fromSwitch};Pooling=False");

        Assert.True(created == 0, error);
        Assert.StartsWith("wbk_", secret.Trim(), StringComparison.Ordinal);
        Assert.Equal([(AuditActors.CommandLine, AuditActions.ApiKeyCreated, "robots")], await AuditAsync(fromSwitch));
        Assert.False(File.Exists(fromEnvironment));
    }

    [Fact]
    public async Task Create_ScopeAndExpiry_ListedWithThem_AndAViewerKeyWithoutAnyUserRefusedNamingItsOwner()
    {
        using var folder = new TempDirectory();
        var database = Path.Combine(folder.Path, "workbench.db");

        var (created, _, error) = await RunAsync(database, "create", "line 7", "--scope", "robot", "--expires", "2099-01-31");
        var (refused, refusedOutput, refusal) = await RunAsync(database, "create", "reports", "--scope=viewer");
        var (_, list, _) = await RunAsync(database, "list");

        Assert.True(created == 0, error);
        Assert.Equal(1, refused);
        Assert.Equal("", refusedOutput.Trim());
        Assert.Contains("owner", refusal, StringComparison.Ordinal);
        var row = Assert.Single(list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\tline 7\t", row, StringComparison.Ordinal);
        Assert.Contains("\trobot\t", row, StringComparison.Ordinal);
        Assert.Contains("expires 2099-01-31 00:00:00Z", row, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string database, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Workbench"] = $"Data Source={database};Pooling=False", ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll"));
        start.ArgumentList.Add("apikey");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }

    private async Task<List<(string, string, string)>> AuditAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Actor, Action, TargetName FROM AuditEntries ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }
}
