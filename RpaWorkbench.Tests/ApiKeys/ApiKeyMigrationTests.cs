using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>The KeyScopes migration on a SQLite file holding keys from before it: they become robot keys, owned by their creator when that is a user.</summary>
public sealed class ApiKeyMigrationTests : IAsyncDisposable
{
    private readonly CoreTestHost _core = new();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task KeyScopes_KeysStoredBefore_BecomeRobotKeysOwnedByTheirCreatingUser()
    {
        await using (var db = await _core.CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync("UserSessions", Ct);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "EmailConfirmed", "PhoneNumberConfirmed", "TwoFactorEnabled",
                                           "LockoutEnabled", "AccessFailedCount", "IsDisabled", "CreatedAt")
                VALUES ('user-1', 'zhao.lei', 'ZHAO.LEI', 0, 0, 0, 1, 0, 0, '2026-11-01 08:00:00');
                INSERT INTO "ApiKeys" ("Name", "Prefix", "Hash", "CreatedBy", "CreatedAt")
                VALUES ('floor 3', 'wbk_aaaaaaaa', 'HASH-1', 'zhao.lei', '2026-11-02 08:00:00'),
                       ('deploy', 'wbk_bbbbbbbb', 'HASH-2', 'cli', '2026-11-03 08:00:00');
                """, Ct);

            await db.GetService<IMigrator>().MigrateAsync(cancellationToken: Ct);
        }

        var keys = await _core.ReadAsync(db => db.ApiKeys.OrderBy(k => k.Name).Select(k => new { k.Name, k.Scope, k.OwnerId, k.ExpiresAt }).ToListAsync(Ct));
        Assert.Equal(
            [new { Name = "deploy", Scope = "robot", OwnerId = (string?)null, ExpiresAt = (DateTime?)null },
             new { Name = "floor 3", Scope = "robot", OwnerId = (string?)"user-1", ExpiresAt = (DateTime?)null }],
            keys);
    }
}
