using System.Net;
using System.Net.Sockets;
using RpaWorkbench.Core.Workflows;
using static RpaWorkbench.Tests.Workflows.WorkflowHttpScenario;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>What an HTTP step refuses before sending, and how a request that cannot be delivered fails.</summary>
public sealed class WorkflowHttpRefusalTests
{
    [Fact]
    public async Task RunAsync_HostNotAllowed_FailsWithoutAnyLookUp()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", "https://example.com/orders"));

        Assert.False(outcome.Succeeded);
        Assert.Equal("example.com is not an allowed host (Workbench:Workflows:HttpAllowedHosts).", outcome.Error);
        Assert.Equal("https://example.com/orders", (string?)Json(outcome.Inputs)["url"]);
        Assert.Empty(http.Network.Resolved);
    }

    [Fact]
    public async Task RunAsync_NoHostAllowed_EveryStepFailsNamingTheSetting()
    {
        await using var http = await StartAsync(new Dictionary<string, string?>
        {
            ["Workbench:Workflows:HttpAllowedHosts:0"] = null,
            ["Workbench:Workflows:HttpAllowedHosts:1"] = null,
        });

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/status/200")));

        Assert.False(outcome.Succeeded);
        Assert.Equal("HTTP steps are turned off: Workbench:Workflows:HttpAllowedHosts lists no host.", outcome.Error);
        Assert.Empty(http.Server.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.1/x", "127.0.0.1 is an IP address; HTTP steps call host names on Workbench:Workflows:HttpAllowedHosts.")]
    [InlineData("http://localhost/x", "localhost is not an allowed host (Workbench:Workflows:HttpAllowedHosts).")]
    [InlineData("ftp://api.example.test/x", "\"ftp://api.example.test/x\" is not an absolute http or https URL.")]
    [InlineData("/orders", "\"/orders\" is not an absolute http or https URL.")]
    [InlineData("http://user:pw@api.example.test/x", "The URL must not carry a user name or password; send credentials in a header.")]
    public async Task RunAsync_UrlNotAllowed_FailsBeforeSending(string url, string error)
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", url));

        Assert.Equal((false, error), (outcome.Succeeded, outcome.Error));
        Assert.Empty(http.Network.Resolved);
    }

    [Fact]
    public async Task RunAsync_AllowedHostResolvingIntoAPrivateNetworkNotAllowed_IsRefusedBeforeConnecting()
    {
        await using var http = await StartAsync();
        http.Network.Map("db.intranet.example.test", "10.20.0.5");

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/status/200", "db.intranet.example.test")));

        Assert.False(outcome.Succeeded);
        Assert.Equal("db.intranet.example.test resolves to an address that is not public (private, loopback, link-local or reserved) "
                     + "and not in Workbench:Workflows:HttpAllowedNetworks; nothing was sent.", outcome.Error);
        Assert.Empty(http.Network.Connected);
        Assert.Empty(http.Network.Violations);
    }

    [Fact]
    public async Task RunAsync_HostWithoutAddress_FailsAsADnsFailure()
    {
        await using var http = await StartAsync();
        http.Network.Map("gone.intranet.example.test");

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/status/200", "gone.intranet.example.test")));

        Assert.Equal((false, "The name gone.intranet.example.test could not be resolved (DNS)."), (outcome.Succeeded, outcome.Error));
    }

    [Fact]
    public async Task RunAsync_NothingListening_FailsAsConnectionRefused()
    {
        await using var http = await StartAsync();
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", $"http://{ApiHost}:{port}/status/200"));

        Assert.Equal((false, "api.example.test refused the connection."), (outcome.Succeeded, outcome.Error));
    }

    [Fact]
    public async Task RunAsync_TemplateReadsAMissingInput_FailsWithNothingSentOrRecorded()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/orders/search?id={{ inputs.order_id }}")));

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("A template of the request does not render: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("order_id", outcome.Error, StringComparison.Ordinal);
        Assert.Null(outcome.Inputs);
        Assert.Empty(http.Server.Requests);
    }

    [Theory]
    [InlineData("TRACE", "200-299", "\"TRACE\" is not a method an HTTP step sends (GET, POST, PUT, PATCH, DELETE, HEAD).")]
    [InlineData("GET", "200-2xx", "The success statuses are not valid: \"200-2xx\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    public async Task RunAsync_BadMethodOrSuccessStatuses_FailsBeforeSending(string method, string statuses, string error)
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep(method, http.Url("/status/200")) { SuccessStatuses = statuses });

        Assert.Equal((false, error), (outcome.Succeeded, outcome.Error));
        Assert.Empty(http.Server.Requests);
    }

    [Fact]
    public async Task RunAsync_HeaderValueWithLineBreak_FailsBeforeSending()
    {
        await using var http = await StartAsync();
        var step = new WorkflowHttpStep("GET", http.Url("/status/200")) { Headers = new Dictionary<string, string> { ["X-Note"] = "{{ inputs.note }}" } };

        var outcome = await http.RunAsync(step, Model(("note", "one\r\nX-Injected: yes")));

        Assert.Equal((false, "The header X-Note has a line break or NUL in its value."), (outcome.Succeeded, outcome.Error));
        Assert.Empty(http.Server.Requests);
    }
}
