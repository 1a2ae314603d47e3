using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Diagnostics;

public sealed class DatabaseProviderOptionTests
{
    [Fact]
    public void UnknownProvider_StopsStartUpNamingTheOption()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Database:Provider"] = "Oracle" }));

        Assert.Contains("Workbench:Database:Provider is 'Oracle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSqlWithoutConnectionString_StopsStartUpWithAnExample()
    {
        var configuration = CoreTestHost.BuildConfiguration("", DatabaseProvider.PostgreSQL);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() =>
            CoreTestHost.Register(services, configuration, TimeProvider.System, Path.GetTempPath(), new TestCurrentUser()));

        Assert.Contains("ConnectionStrings:Workbench must be an Npgsql connection string", error.Message, StringComparison.Ordinal);
    }
}
