using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>Sign-ins through the real form are audited: success, failure and refusal while waiting, never the typed name of nobody.</summary>
public sealed class SignInAuditTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "correct horse battery";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Success_IsRecordedWithTheUserAndRemembered()
    {
        await app.AddUserAsync("audited-ok", Password, Roles.Viewer);

        await SignInForm.SignInAsync(app.Browser(), "audited-ok", Password);

        var entry = Assert.Single(await EntriesForAsync("audited-ok"));
        Assert.Equal((AuditActions.SignInSucceeded, AuditTargetTypes.User, "audited-ok"), (entry.Action, entry.TargetType, entry.TargetName));
        await using var db = await ContextAsync();
        Assert.NotNull(await db.Users.Where(u => u.UserName == "audited-ok").Select(u => u.LastSignInAt).SingleAsync(Ct));
    }

    [Fact]
    public async Task WrongPasswords_AreRecordedAsFailures_ThenTheRefusalsWhileTheUserWaits()
    {
        // Three free failures; the fourth makes the user wait ten minutes, during which attempts are refused unchecked.
        await using var limited = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:SignIn:Throttle:FreeFailuresPerUser"] = "3",
            ["Workbench:SignIn:Throttle:FirstDelay"] = "00:10:00",
            ["Workbench:SignIn:Throttle:MaxUserDelay"] = "00:10:00",
        });
        await limited.AddUserAsync("audited-lock", Password, Roles.Operator);
        var client = limited.Browser();

        for (var attempt = 0; attempt < 6; attempt++)
        {
            await SignInForm.SignInAsync(client, "audited-lock", "wrong password " + attempt);
        }

        Assert.Equal(
            [.. Enumerable.Repeat(AuditActions.SignInFailed, 4), AuditActions.SignInLockedOut, AuditActions.SignInLockedOut],
            (await EntriesForAsync("audited-lock", limited)).Select(e => e.Action));
    }

    [Fact]
    public async Task UnknownUserName_IsRecordedAnonymouslyAndTheTypedTextIsNotStored()
    {
        const string typed = "hunter2-typed-in-the-wrong-field";

        await SignInForm.SignInAsync(app.Browser(), typed, "whatever");

        await using var db = await ContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Actor == AuditActors.Anonymous).ToListAsync(Ct);
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.TargetName == null);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Actor.Contains(typed) || (e.TargetName != null && e.TargetName.Contains(typed)), Ct));
    }

    private async Task<List<AuditEntry>> EntriesForAsync(string userName, WorkbenchAppFactory? on = null)
    {
        await using var db = await ContextAsync(on);
        return await db.AuditEntries.AsNoTracking().Where(e => e.TargetName == userName).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private Task<WorkbenchDbContext> ContextAsync(WorkbenchAppFactory? on = null) =>
        (on ?? app).Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
}
