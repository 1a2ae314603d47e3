using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Benchmarks.Accounts;

/// <summary>
/// The signed-in user the benchmarks' Core calls run as: a viewer (reading needs a signed-in role, as in the app), or
/// the role given (an admin to make an API key).
/// </summary>
internal sealed class BenchmarkViewer(string role = Core.Security.Roles.Viewer) : ICurrentUser
{
    public string? Id => "benchmark";
    public string? Name => "benchmark";
    public string? DisplayName => Name;
    public IReadOnlyList<string> Roles { get; } = [role];
    public bool IsAuthenticated => true;
    public string? ClientAddress => null;
    public bool IsInRole(string role) => Roles.Contains(role);
}
