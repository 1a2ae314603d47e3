namespace RpaWorkbench.Benchmarks.Export;

/// <summary>One export over HTTP: time, time to the first byte, size, data rows, the server's CPU time and resident memory.</summary>
public sealed record ExportDownload(TimeSpan Elapsed, TimeSpan FirstByte, long Bytes, long Rows, TimeSpan ServerCpu, double ResidentBeforeMiB, double PeakMiB)
{
    public double GrowthMiB => PeakMiB - ResidentBeforeMiB;

    /// <summary>
    /// GETs the export and reads the whole body (counting lines, which the seeded data has none inside fields), while the
    /// server's peak resident size is reset beforehand and read afterwards, and sampled every 20 ms besides.
    /// </summary>
    public static async Task<ExportDownload> MeasureAsync(HttpClient client, string path, Ingest.ServerProcess server, CancellationToken cancellationToken)
    {
        var memory = new ProcessMemory(server.ProcessId);
        var peakWasReset = memory.ResetPeak();
        var before = memory.ResidentMiB;
        using var stopSampling = new CancellationTokenSource();
        var sampled = SamplePeakAsync(memory, before, stopSampling.Token);

        var cpu = server.CpuTime;
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[1 << 20];
        var (bytes, lines, firstByte) = (0L, 0L, TimeSpan.Zero);
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            firstByte = bytes == 0 ? clock.Elapsed : firstByte;
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        clock.Stop();
        cpu = server.CpuTime - cpu;
        await stopSampling.CancelAsync();
        var peak = Math.Max(await sampled, peakWasReset ? memory.PeakMiB : 0);
        return new ExportDownload(clock.Elapsed, firstByte, bytes, lines - 1, cpu, before, peak);
    }

    private static async Task<double> SamplePeakAsync(ProcessMemory memory, double start, CancellationToken stop)
    {
        var peak = start;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, memory.ResidentMiB);
            await Task.Delay(20, CancellationToken.None);
        }

        return Math.Max(peak, memory.ResidentMiB);
    }
}
