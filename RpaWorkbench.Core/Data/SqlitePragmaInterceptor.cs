using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// Sets per-connection SQLite pragmas: a busy timeout so concurrent writers wait instead of failing, and
/// synchronous=FULL so a commit acknowledged to a caller survives power loss in WAL mode.
/// </summary>
internal sealed class SqlitePragmaInterceptor(DatabaseOptions options) : DbConnectionInterceptor
{
    // With background checkpoints, no commit pays for copying the WAL back (wal_autocheckpoint = 0).
    private readonly string _pragmas = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {(options.CheckpointInterval > TimeSpan.Zero ? 0 : 1000)};");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand CreateCommand(DbConnection connection)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // built from an integer option, not from user input
        command.CommandText = _pragmas;
#pragma warning restore CA2100
        return command;
    }
}
