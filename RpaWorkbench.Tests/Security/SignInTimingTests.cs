using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// How long a refused sign-in takes must not tell whether the name is a user's: an unknown name, a disabled user and a
/// locked one cost a password hash like a wrong password for a real user. A security property, not a speed target:
/// the attempts are interleaved and each name is judged by its fastest round (the one least disturbed by other work on
/// the machine: a slow fsync or another build inflates some rounds of one name, never shortens them below the work done),
/// with a generous margin, so a busy machine cannot fake a pass or a failure.
/// </summary>
public sealed class SignInTimingTests
{
    private const string Password = "correct horse battery";
    private const int Rounds = 9;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_UnknownDisabledOrLockedName_TakesAboutAsLongAsAWrongPassword()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:SignIn:Throttle:FreeFailuresPerUser"] = "1000",
        });
        await app.AddUserAsync("timed-real", Password, Roles.Operator);
        await app.AddUserAsync("timed-disabled", Password, Roles.Operator);
        await app.AddUserAsync("timed-locked", Password, Roles.Operator);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
            var disabled = (await users.FindByNameAsync("timed-disabled"))!;
            disabled.IsDisabled = true;
            await users.UpdateAsync(disabled);
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("timed-locked"))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        string[] names = ["timed-real", "timed-nobody", "timed-disabled", "timed-locked"];
        var client = app.Browser();
        var times = names.ToDictionary(n => n, _ => new List<double>());
        // Round 0 warms up (first hash, first queries) and is not counted; each round tries every name once, in turn.
        for (var round = 0; round <= Rounds; round++)
        {
            foreach (var name in names)
            {
                var elapsed = await TimePostAsync(client, name, "wrong password " + round);
                if (round > 0)
                {
                    times[name].Add(elapsed);
                }
            }
        }

        var wrongPassword = times["timed-real"].Min();
        var report = string.Join(", ", names.Select(n => $"{n} fastest {times[n].Min():F1} ms, median {Median(times[n]):F1} ms"));
        TestContext.Current.TestOutputHelper?.WriteLine($"Sign-in times: {report}");
        foreach (var name in names.Skip(1))
        {
            Assert.True(times[name].Min() >= 0.5 * wrongPassword, $"Sign-in times: {report}");
        }
    }

    // Only the post is timed: the page that hands out the antiforgery token is fetched first.
    private async Task<double> TimePostAsync(HttpClient client, string userName, string password)
    {
        using var form = SignInForm.Body("sign-in", SignInForm.SignInFields(userName, password), await SignInForm.TokenAsync(client, "/signin"));
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/signin", form, Ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
