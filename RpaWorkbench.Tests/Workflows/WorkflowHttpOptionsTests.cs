using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Workflows.Http;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>The HTTP steps' settings under <c>Workbench:Workflows</c>: defaults, binding, and refusals at start-up naming the key.</summary>
public sealed class WorkflowHttpOptionsTests
{
    [Fact]
    public void Defaults_NoHostNoNetwork_OneMiB()
    {
        var options = Resolve([]).GetRequiredService<IOptions<WorkflowHttpOptions>>().Value;

        Assert.Equal((0, 0, 1_048_576L), (options.HttpAllowedHosts.Length, options.HttpAllowedNetworks.Length, options.HttpMaxResponseBytes));
    }

    [Fact]
    public void Bind_FromWorkbenchWorkflows_ReadsEverySetting()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Workbench:Workflows:HttpAllowedHosts:0"] = "erp.example.com",
            ["Workbench:Workflows:HttpAllowedHosts:1"] = "*.api.example.com",
            ["Workbench:Workflows:HttpAllowedNetworks:0"] = "10.20.0.0/16",
            ["Workbench:Workflows:HttpMaxResponseBytes"] = "2048",
        }).GetRequiredService<IOptions<WorkflowHttpOptions>>().Value;

        Assert.Equal(["erp.example.com", "*.api.example.com"], options.HttpAllowedHosts);
        Assert.Equal(["10.20.0.0/16"], options.HttpAllowedNetworks);
        Assert.Equal(2048, options.HttpMaxResponseBytes);
    }

    [Theory]
    [InlineData("HttpAllowedHosts:0", "169.254.169.254", "Workbench:Workflows:HttpAllowedHosts")]
    [InlineData("HttpAllowedHosts:0", "localhost", "Workbench:Workflows:HttpAllowedHosts")]
    [InlineData("HttpAllowedHosts:0", "*.com", "Workbench:Workflows:HttpAllowedHosts")]
    [InlineData("HttpAllowedNetworks:0", "10.0.0.1/8", "Workbench:Workflows:HttpAllowedNetworks")]
    [InlineData("HttpMaxResponseBytes", "0", "Workbench:Workflows:HttpMaxResponseBytes")]
    [InlineData("HttpMaxResponseBytes", "67108865", "Workbench:Workflows:HttpMaxResponseBytes")]
    public void StartUp_BadSetting_FailsNamingTheKey(string key, string value, string named)
    {
        using var provider = Resolve(new Dictionary<string, string?> { ["Workbench:Workflows:" + key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkflowHttpOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Resolve(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddWorkflowHttp();
        return services.BuildServiceProvider();
    }
}
