namespace RpaWorkbench.Core.Data;

/// <summary>
/// Lets the one writer finish what the background checkpoint could not. A PASSIVE checkpoint runs beside the writer,
/// so under a steady stream of commits the log always has frames the checkpoint has not copied yet, and SQLite only
/// starts the log over when every frame has been copied: the WAL file would grow for as long as callbacks keep coming
/// (gigabytes in a minute at full load). After each background checkpoint the writer, between two batches, copies the
/// few frames written meanwhile on its own connection (<see cref="IsDue"/>); the next batch then starts the log over.
/// </summary>
internal sealed class WalTail
{
    private int _due;

    /// <summary>Called by the background checkpointer after each checkpoint.</summary>
    public void Request() => Volatile.Write(ref _due, 1);

    /// <summary>True once per background checkpoint; the caller checkpoints the rest.</summary>
    public bool IsDue() => Interlocked.Exchange(ref _due, 0) == 1;
}
