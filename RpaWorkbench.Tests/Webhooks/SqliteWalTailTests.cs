using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The SQLite store copies the WAL's tail itself, before the first batch after the background checkpoint asks: the
/// writer and the queue call nothing for it, and the log starts over instead of growing for as long as callbacks come.
/// </summary>
public sealed class SqliteWalTailTests : IAsyncLifetime
{
    private const int WalHeaderBytes = 32;
    private const int FrameHeaderBytes = 24;

    private CoreTestHost _host = null!;
    private DateTime _start = new(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc);

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost().MigrateAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Write_AfterTheBackgroundCheckpointAsked_StartsTheLogOver()
    {
        WriteRuns(batches: 10);
        var framesBefore = FramesInWalFile();

        _host.Get<WalTail>().Request();
        WriteRuns(batches: 1);

        // Only the last batch's frames are in the log: every earlier one was copied and the log began again.
        Assert.InRange(FramesInLog(), 1, framesBefore - 1);
    }

    [Fact]
    public void Write_WhenNobodyAsked_LeavesTheLogAsItIs()
    {
        WriteRuns(batches: 10);
        var framesBefore = FramesInWalFile();

        WriteRuns(batches: 1);

        Assert.True(FramesInLog() > framesBefore, "Without a request from the background checkpoint the writer copies nothing.");
    }

    private void WriteRuns(int batches)
    {
        var writer = _host.Get<CallbackBatchWriter>();
        for (var batch = 0; batch < batches; batch++)
        {
            writer.Write([.. Enumerable.Range(0, 20).Select(i => Run($"robot{i:D3}", "对账", ExecutionStatus.Completed, _start = _start.AddSeconds(1), 30))]);
        }
    }

    private string DatabaseFile => new SqliteConnectionStringBuilder(_host.ConnectionString).DataSource;

    private int FramesInWalFile()
    {
        var pageSize = Pragma("page_size")[0];
        return (int)((new FileInfo(DatabaseFile + "-wal").Length - WalHeaderBytes) / (pageSize + FrameHeaderBytes));
    }

    // The frames in the log now (the second column of wal_checkpoint); the test's own checkpoint is its last step.
    private int FramesInLog() => Pragma("wal_checkpoint(PASSIVE)")[1];

    private int[] Pragma(string pragma)
    {
        using var connection = new SqliteConnection(_host.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the test's own constant pragmas
        command.CommandText = $"PRAGMA {pragma};";
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        reader.Read();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt32)];
    }
}
