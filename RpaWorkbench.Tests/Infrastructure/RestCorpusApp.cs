using Microsoft.AspNetCore.Hosting;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The webhook host with the REST rate limit raised out of the way, for tests that send thousands of calls with one key.</summary>
public sealed class RestCorpusApp : WebhookAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Workbench:Api:RateLimit:PermitsPerSecond", "1000000");
        builder.UseSetting("Workbench:Api:RateLimit:Burst", "1000000");
    }
}
