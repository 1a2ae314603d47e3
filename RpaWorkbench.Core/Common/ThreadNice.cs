using System.Runtime.InteropServices;

namespace RpaWorkbench.Core.Common;

/// <summary>What <see cref="ThreadNice.TrySetCurrent"/> did.</summary>
public enum ThreadNiceResult
{
    Set,

    /// <summary>Raising priority (a negative nice) needs <c>CAP_SYS_NICE</c> or a <c>RLIMIT_NICE</c> that allows it.</summary>
    NotPermitted,

    /// <summary>Not Linux, or a C library without <c>gettid</c>.</summary>
    NotSupported,
}

/// <summary>
/// The Linux scheduling priority ("nice", −20 highest to 19 lowest) of the calling thread. Linux keeps one per thread;
/// .NET's <see cref="Thread.Priority"/> does not change it for ordinary threads, so this calls <c>setpriority</c> on the
/// thread's own id.
/// </summary>
public static partial class ThreadNice
{
    public const int Highest = -20;
    public const int Lowest = 19;

    private const int PrioProcess = 0;
    private const int Eperm = 1;
    private const int Eacces = 13;

    /// <exception cref="ArgumentOutOfRangeException">Outside −20…19.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused for another reason than permission.</exception>
    public static ThreadNiceResult TrySetCurrent(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, Highest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, Lowest);
        if (!OperatingSystem.IsLinux())
        {
            return ThreadNiceResult.NotSupported;
        }

        int threadId;
        try
        {
            threadId = gettid();
        }
        catch (EntryPointNotFoundException)
        {
            return ThreadNiceResult.NotSupported;
        }

        if (setpriority(PrioProcess, threadId, nice) == 0)
        {
            return ThreadNiceResult.Set;
        }

        var error = Marshal.GetLastPInvokeError();
        return error is Eperm or Eacces
            ? ThreadNiceResult.NotPermitted
            : throw new InvalidOperationException($"setpriority failed with errno {error}.");
    }

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int gettid();
}
