namespace RpaWorkbench.Benchmarks.Export;

/// <summary>
/// A process's resident memory from <c>/proc/&lt;pid&gt;/status</c> (Linux): the current size (VmRSS) and the peak
/// since the last <see cref="ResetPeak"/> (VmHWM), in MiB.
/// </summary>
public sealed class ProcessMemory(int processId)
{
    private string Status => $"/proc/{processId}/status";

    public static bool IsAvailable => File.Exists("/proc/self/status");

    public double ResidentMiB => ReadKiB("VmRSS:") / 1024.0;

    public double PeakMiB => ReadKiB("VmHWM:") / 1024.0;

    /// <summary>Starts the peak again from the current size (writing 5 to <c>clear_refs</c>); false if the kernel refused.</summary>
    public bool ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{processId}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long ReadKiB(string field)
    {
        var line = File.ReadLines(Status).First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
