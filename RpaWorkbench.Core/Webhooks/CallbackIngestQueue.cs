using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Group commit for callbacks. Requests queue their callback and wait; one writer takes everything queued so far
/// (up to <see cref="WebhookOptions.MaxBatchSize"/>), commits it in one transaction and answers each request with
/// its own receipt. A commit per request would cap ingest at a few thousand a second on SQLite; a batch costs one
/// fsync. A request is answered only after its batch is committed.
/// </summary>
public sealed class CallbackIngestQueue(
    CallbackBatchWriter writer,
    IWorkbenchEvents events,
    IOptions<WebhookOptions> options,
    WorkbenchMetrics metrics,
    ILogger<CallbackIngestQueue> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Stores the callback and returns its receipt once it is durably committed.</summary>
    /// <exception cref="IngestUnavailableException">The callback could not be stored; the caller should retry.</exception>
    public async Task<CallbackReceipt> SubmitAsync(Callback callback, CancellationToken cancellationToken)
    {
        var pending = new Pending(callback);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            metrics.CallbackRejected(CallbackRejections.Unavailable);
            throw new IngestUnavailableException("The Workbench is shutting down.", ex);
        }

        // Once queued the callback is written even if this caller goes away; we only stop waiting for it.
        return await pending.Receipt.Task.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    // The writer gets a thread of its own: on a busy thread pool every await would queue it behind the requests it
    // is meant to answer, and a batch's latency is every request's latency.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(WriteUntilClosed, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void WriteUntilClosed()
    {
        var batch = new List<Pending>(options.Value.MaxBatchSize);
        // Drains what is queued even while stopping: queued callbacks are owed an answer.
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < options.Value.MaxBatchSize && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            Write(batch);
        }

        writer.Dispose();
    }

    private void Write(List<Pending> batch)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var (receipts, changes) = writer.Write(batch.Select(p => p.Callback).ToList());
            metrics.BatchCommitted(receipts, Stopwatch.GetElapsedTime(started));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Receipt.TrySetResult(receipts[i]);
            }

            events.Publish(changes);
        }
#pragma warning disable CA1031 // every waiting request must get an answer, whatever went wrong
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad callback (or a race with an operator's edit) must not fail its neighbours: retry one by one.
            logger.LogWarning(ex, "A batch of {Count} callbacks failed; writing them one at a time", batch.Count);
            foreach (var single in batch)
            {
                Write([single]);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A {Callback} callback for {Account} could not be stored", batch[0].Callback.GetType().Name, batch[0].Callback.Robot.Account);
            metrics.CallbackRejected(CallbackRejections.Unavailable);
            batch[0].Receipt.TrySetException(new IngestUnavailableException("The callback could not be stored; retry later.", ex));
        }
#pragma warning restore CA1031
    }

    private sealed class Pending(Callback callback)
    {
        public Callback Callback { get; } = callback;
        public TaskCompletionSource<CallbackReceipt> Receipt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The callback was not stored (shutting down, or the database refused it); answer 503 so the robot retries.</summary>
public sealed class IngestUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
