using RpaWorkbench.Shared;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.SeveralInstances;

/// <summary>A Workbench told to use a Redis that does not answer refuses to start, and says which setting to fix.</summary>
public sealed class RedisStartupTests
{
    [Fact]
    public async Task RedisNotAnswering_StartUpStopsWithAnErrorNamingTheSetting()
    {
        var unreachable = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"127.0.0.1:{LocalMachine.FreeLoopbackPort()}");
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = unreachable,
            ["Workbench:Redis:StartTimeout"] = "00:00:01",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("ConnectionStrings:Redis", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(unreachable, error.ToString(), StringComparison.Ordinal);
    }
}
