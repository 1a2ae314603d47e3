using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Accounts;

/// <summary>The seed's robot account (<see cref="SeedValues"/>) as examples of <c>/api/v1/accounts</c> in the document.</summary>
internal static class AccountExamples
{
    private static readonly AccountRow Seed = new(
        SeedValues.AccountId, SeedValues.Account, SeedValues.HostIp, SeedValues.Port, AccountStatus.Completed, SeedValues.App,
        SeedValues.RunEnd, SeedValues.TaskControl, TaskCount: 1, LastHeartbeatAt: SeedValues.RunEnd.AddSeconds(30), IsOnline: true,
        ShadowBotStatus: null, Unregistered: false, SeedValues.Registered, SeedValues.RunEnd, Version: 4);

    public static readonly ApiExample[] List =
        [ApiExample.Of("seed", "The seed's robot account, after its run", new ApiPage<AccountRow>([Seed], 1, 1, ApiPaging.DefaultPageSize), StatusCodes.Status200OK)];

    public static readonly ApiExample[] One = [ApiExample.Of("seed", "The seed's robot account", Seed, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Body =
        [ApiExample.Of("seed", "The seed's robot account", new AccountRequest { ShadowBotAccount = SeedValues.Account, HostIp = SeedValues.HostIp, Port = SeedValues.Port })];

    public static readonly ApiExample[] Registered =
    [
        ApiExample.Of("seed", "Registered, not yet heard from",
            Seed with { Status = AccountStatus.Pending, RecentApp = null, EndTime = null, TaskCount = 0, LastHeartbeatAt = null, IsOnline = false, UpdatedAt = SeedValues.Registered, Version = 1 },
            StatusCodes.Status201Created),
    ];

    public static readonly ApiExample[] Updated = [ApiExample.Of("seed", "The account as changed", Seed with { Version = 5 }, StatusCodes.Status200OK)];
}
