namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Tests that read exact figures of the process-wide <c>RpaWorkbench</c> meter: every host in this process adds to the
/// same instruments, so these run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "Process-wide metrics";
}
