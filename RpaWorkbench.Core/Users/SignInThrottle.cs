using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// Slows password guessing down without letting a stranger lock anyone out (<see cref="SignInThrottleOptions"/>): says
/// how long a client address must still wait, and counts each failed sign-in against the address and the user named.
/// A user's wait is Identity's lockout end, so Identity refuses the user meanwhile, the Users page shows it and an
/// admin's unlock ends it. The counts live in the database that all instances share.
/// </summary>
public sealed class SignInThrottle(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ILookupNormalizer normalizer,
    IOptions<SignInThrottleOptions> options,
    TimeProvider clock)
{
    // Any constant: the PostgreSQL advisory lock failure counts are updated under ("WBTHROTL").
    private const long CountingLock = 0x5742_5448_524F_544C;

    /// <summary>How long attempts from <paramref name="address"/> must still wait; zero when the next one is checked.</summary>
    public async Task<TimeSpan> WaitForAsync(IPAddress? address, CancellationToken cancellationToken)
    {
        if (NetworkOf(address) is not { } network)
        {
            return TimeSpan.Zero;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var until = await db.SignInThrottles.AsNoTracking().Where(e => e.Address == network)
            .Select(e => e.WaitUntil).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return until > now ? until.Value - now : TimeSpan.Zero;
    }

    /// <summary>
    /// Counts a failed sign-in against <paramref name="address"/> and, if <paramref name="countForUser"/> and the name is
    /// a user's, against that user. Attempts refused without a password check (a waiting or disabled user) pass false:
    /// waiting out a wait must not make it longer.
    /// </summary>
    public async Task RecordFailureAsync(string userName, IPAddress? address, bool countForUser, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await WorkbenchDatabase.BeginExclusiveAsync(db.Database, CountingLock, cancellationToken);
        if (NetworkOf(address) is { } network)
        {
            await CountForAddressAsync(db, network, now, cancellationToken);
        }

        if (countForUser)
        {
            await CountForUserAsync(db, normalizer.NormalizeName(userName), now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// What attempts are counted under: an IPv4 address as it is, an IPv6 address by its /64 network (a single IPv6
    /// client can usually pick any address in one), null when the address is unknown.
    /// </summary>
    public static string? NetworkOf(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private async Task CountForAddressAsync(WorkbenchDbContext db, string network, DateTime now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var forgottenBefore = now - settings.ForgetAfter;
        await db.SignInThrottles.Where(e => e.LastFailureAt < forgottenBefore).ExecuteDeleteAsync(cancellationToken);
        var entry = await db.SignInThrottles.SingleOrDefaultAsync(e => e.Address == network, cancellationToken);
        if (entry is null)
        {
            entry = new SignInThrottleEntry { Address = network };
            db.SignInThrottles.Add(entry);
        }

        entry.Failures++;
        entry.LastFailureAt = now;
        var wait = settings.DelayAfter(entry.Failures, settings.FreeFailuresPerAddress, settings.MaxAddressDelay);
        entry.WaitUntil = wait > TimeSpan.Zero ? now + wait : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    // Identity's own columns: its sign-in refuses a user whose lockout end lies ahead, and resets the count on success.
    private async Task CountForUserAsync(WorkbenchDbContext db, string normalizedName, DateTime now, CancellationToken cancellationToken)
    {
        var user = await db.Users.Where(u => u.NormalizedUserName == normalizedName)
            .Select(u => new { u.Id, u.AccessFailedCount }).SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return;
        }

        var settings = options.Value;
        var failures = user.AccessFailedCount + 1;
        var wait = settings.DelayAfter(failures, settings.FreeFailuresPerUser, settings.MaxUserDelay);
        DateTimeOffset waitUntil = DateTime.SpecifyKind(now + wait, DateTimeKind.Utc);
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(u => u.AccessFailedCount, failures);
            if (wait > TimeSpan.Zero)
            {
                set.SetProperty(u => u.LockoutEnd, waitUntil);
            }
        }, cancellationToken);
    }
}
