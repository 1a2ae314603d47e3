using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The Core's <see cref="ICurrentUser"/> port for tests that call services or render components without a sign-in:
/// whoever the test says is signed in. Starts as an operator; <see cref="SignIn"/> and <see cref="SignOut"/> switch.
/// </summary>
public sealed class TestCurrentUser : ICurrentUser
{
    public TestCurrentUser() => SignIn(Core.Security.Roles.Operator);

    public string? Id { get; private set; }

    public string? Name { get; private set; }

    public string? DisplayName => Name;

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public bool IsAuthenticated => Id is not null;

    /// <summary>The sign-in session the caller uses (marked as theirs in session lists); none unless a test sets one.</summary>
    public string? SessionId { get; set; }

    /// <summary>The address audit entries record; a fixed documentation address unless a test sets another.</summary>
    public string? ClientAddress { get; set; } = "192.0.2.10";

    /// <summary>A caller with the robot role is what the web host makes of a robot key: a key of that name, without an owner.</summary>
    public ApiKeyCaller? ApiKey => Roles.Contains(Core.Security.Roles.Robot) ? new ApiKeyCaller(0, Name!, null, null) : null;

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Signs in a user named after the role (e.g. "viewer-user") with exactly that role.</summary>
    public void SignIn(string role) => SignInAs($"{role.ToLowerInvariant()}-id", $"{role.ToLowerInvariant()}-user", role);

    /// <summary>Signs in a particular (e.g. a real, stored) user with these roles.</summary>
    public void SignInAs(string id, string name, params string[] roles)
    {
        Id = id;
        Name = name;
        Roles = roles;
    }

    public void SignOut()
    {
        Id = null;
        Name = null;
        Roles = [];
    }
}
