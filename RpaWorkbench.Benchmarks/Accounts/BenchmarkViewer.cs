using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Benchmarks.Accounts;

/// <summary>The signed-in viewer the accounts page query runs as (reading needs a signed-in role, as in the app).</summary>
internal sealed class BenchmarkViewer : ICurrentUser
{
    public string? Id => "benchmark";
    public string? Name => "benchmark";
    public string? DisplayName => Name;
    public IReadOnlyList<string> Roles { get; } = [Core.Security.Roles.Viewer];
    public bool IsAuthenticated => true;
    public string? ClientAddress => null;
    public bool IsInRole(string role) => Roles.Contains(role);
}
