using System.Globalization;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The webhook writer runs at its own Linux nice value (<c>Workbench:Webhooks:WriterNice</c>), read back from
/// <c>/proc</c> as <c>top</c> would show it. Lowering a thread's priority needs no privilege, so these set positive
/// values; raising it is tested for whichever the test process may do.
/// </summary>
public sealed class WriterPriorityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writer_RunsAtTheConfiguredNice_UnderItsName()
    {
        await using var host = await new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Webhooks:WriterNice"] = "7" }).MigrateAsync();
        var queue = host.Get<CallbackIngestQueue>();
        await queue.StartAsync(Ct);
        try
        {
            // Other tests' hosts have writers too, at the default: this one is the one at 7.
            Assert.True(await WriterAtNiceAsync(7), "No 'Webhook writer' thread at nice 7 in /proc/self/task.");
        }
        finally
        {
            await queue.StopAsync(Ct);
        }
    }

    [Fact]
    public void TrySetCurrent_Lower_AppliesToThisThreadOnly()
    {
        var (result, nice, others) = OnNewThread(() => ThreadNice.TrySetCurrent(5));

        Assert.Equal(ThreadNiceResult.Set, result);
        Assert.Equal(5, nice);
        Assert.Equal(0, others);
    }

    [Fact]
    public void TrySetCurrent_Raise_SetOrRefusedWithoutChange()
    {
        var (result, nice, _) = OnNewThread(() => ThreadNice.TrySetCurrent(-3));

        // Root or CAP_SYS_NICE: set. Otherwise refused, and the thread keeps the nice it started with.
        Assert.Equal(result == ThreadNiceResult.Set ? -3 : 0, nice);
        Assert.NotEqual(ThreadNiceResult.NotSupported, result);
    }

    [Theory]
    [InlineData(-21)]
    [InlineData(20)]
    public async Task WriterNice_OutOfRange_RefusedNamingTheSetting(int nice)
    {
        await using var host = new CoreTestHost(new Dictionary<string, string?>
        {
            ["Workbench:Webhooks:WriterNice"] = nice.ToString(CultureInfo.InvariantCulture),
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<WebhookOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Workbench:Webhooks:WriterNice must be between -20 and 19", StringComparison.Ordinal));
    }

    // Runs the change on a fresh thread (nice 0, inherited from the test process) and reads that thread's nice and the
    // calling thread's afterwards.
    private static (ThreadNiceResult Result, int Nice, int Others) OnNewThread(Func<ThreadNiceResult> change)
    {
        var result = ThreadNiceResult.NotSupported;
        var nice = int.MinValue;
        var thread = new Thread(() =>
        {
            result = change();
            nice = NiceOf("/proc/thread-self/stat");
        });
        thread.Start();
        thread.Join();
        return (result, nice, NiceOf("/proc/thread-self/stat"));
    }

    private static async Task<bool> WriterAtNiceAsync(int nice)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (ReadOrNull(Path.Combine(task, "comm"))?.Trim() == CallbackIngestQueue.WriterThreadName
                    && ReadOrNull(Path.Combine(task, "stat")) is { } stat && NiceIn(stat) == nice)
                {
                    return true;
                }
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }

    private static int NiceOf(string statPath) => NiceIn(File.ReadAllText(statPath));

    // proc(5): the 19th field; the name (2nd) is in parentheses and may hold spaces, so count from after it.
    private static int NiceIn(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);

    // A thread may end between listing and reading.
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
