namespace RpaWorkbench.Benchmarks.Infrastructure;

/// <summary>Ctrl+C stops a harness cleanly (its servers and temporary databases are disposed) instead of killing it.</summary>
public static class ConsoleCancellation
{
    private static readonly Lazy<CancellationToken> OnCtrlC = new(() =>
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return cancel.Token;
    });

    public static CancellationToken Token => OnCtrlC.Value;
}
