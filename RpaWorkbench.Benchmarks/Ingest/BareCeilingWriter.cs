using System.Threading.Channels;
using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The ceiling's group commit, shaped like the Workbench's: requests queue their run and wait; one writer takes
/// everything queued (up to 512, the Workbench's default), stores it in one transaction (<see cref="IBareLogTable"/>:
/// SQLite or PostgreSQL) and answers each request with its row id after the commit.
/// </summary>
public sealed class BareCeilingWriter(IBareLogTable table) : BackgroundService
{
    private const int MaxBatchSize = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Stores the run; its row id once committed, or null when the run was already stored.</summary>
    public async Task<long?> InsertAsync(BareRun run, CancellationToken cancellationToken)
    {
        var pending = new Pending(run);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Id.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var _ = table;
        await table.OpenAsync(stoppingToken);
        var batch = new List<Pending>(MaxBatchSize);
        var runs = new List<BareRun>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            runs.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                runs.Add(next.Run);
            }

            await WriteAsync(batch, runs, stoppingToken);
        }
    }

    private async Task WriteAsync(List<Pending> batch, List<BareRun> runs, CancellationToken cancellationToken)
    {
        long?[] ids;
        try
        {
            ids = await table.InsertAsync(runs, cancellationToken);
        }
#pragma warning disable CA1031 // every waiting request must get an answer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            batch.ForEach(pending => pending.Id.TrySetException(ex));
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Id.TrySetResult(ids[i]);
        }
    }

    private sealed class Pending(BareRun run)
    {
        public BareRun Run { get; } = run;

        public TaskCompletionSource<long?> Id { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
