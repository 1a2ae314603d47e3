using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>A timer the code under test set on a <see cref="TestClock"/>: when (fake time), due after how long, repeating how often.</summary>
public sealed record ClockTimer(DateTimeOffset SetAt, TimeSpan DueTime, TimeSpan Period);

/// <summary>
/// The fake clock (<see cref="FakeTimeProvider"/>) that also records every timer set on it, in order. A timer being set
/// is the positive signal that the code under test now waits for the clock (a delay, a periodic pass), so a test can
/// advance the clock exactly then, never by guessing how long the machine needs to get there. It can also run along
/// with real time (<see cref="RunWithRealTime"/>) except while a test holds it (<see cref="Hold"/>).
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);

    private readonly Lock _ticking = new();
    private int _holds;

    private readonly List<ClockTimer> _timers = [];
    private readonly List<(Func<ClockTimer, bool> Matches, TaskCompletionSource<ClockTimer> Found)> _waiters = [];

    /// <summary>How many timers have been set so far: pass it to <see cref="WaitForTimerAsync"/> to look only at later ones.</summary>
    public int TimersSet
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        var set = new ClockTimer(GetUtcNow(), dueTime, period);
        lock (_timers)
        {
            _timers.Add(set);
            foreach (var waiter in _waiters.Where(w => w.Matches(set)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(set);
            }
        }

        return timer;
    }

    /// <summary>
    /// The first timer set after the first <paramref name="after"/> ones that <paramref name="matches"/>, as soon as it is
    /// set; fails after 30 s (real time) naming <paramref name="what"/>.
    /// </summary>
    public async Task<ClockTimer> WaitForTimerAsync(int after, Func<ClockTimer, bool> matches, string what)
    {
        var found = new TaskCompletionSource<ClockTimer>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_timers)
        {
            if (_timers.Skip(after).FirstOrDefault(matches) is { } already)
            {
                return already;
            }

            _waiters.Add((matches, found));
        }

        try
        {
            return await found.Task.WaitAsync(GiveUpAfter);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up waiting for {what}: no such timer was set on the clock within {GiveUpAfter.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// Moves the clock on with real time, in steps of about 20 ms, until the returned handle is disposed; real time
    /// that passes while the clock is held is skipped. For a browser's host, whose UI waits on the app's clock too
    /// (MudBlazor's debounce, throttle and popovers take the registered TimeProvider).
    /// </summary>
    public IAsyncDisposable RunWithRealTime()
    {
        var stop = new CancellationTokenSource();
        var running = Task.Run(async () =>
        {
            var last = Stopwatch.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Tick, CancellationToken.None);
                var now = Stopwatch.GetTimestamp();
                lock (_ticking)
                {
                    if (_holds == 0)
                    {
                        Advance(Stopwatch.GetElapsedTime(last, now));
                    }
                }

                last = now;
            }
        });
        return new Handle(async () =>
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        });
    }

    /// <summary>Stops a running clock until the returned handle is disposed (a test may still advance it meanwhile).</summary>
    public IDisposable Hold()
    {
        lock (_ticking)
        {
            _holds++;
        }

        return new Handle(() =>
        {
            lock (_ticking)
            {
                _holds--;
            }

            return Task.CompletedTask;
        });
    }

    private sealed class Handle(Func<Task> release) : IDisposable, IAsyncDisposable
    {
        private Func<Task>? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke().GetAwaiter().GetResult();

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _release, null) is { } release)
            {
                await release();
            }
        }
    }
}
