using System.Net;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>The Workbench on a real Kestrel port on 127.0.0.1, for browser tests. <see cref="BaseUrl"/> after start.</summary>
public sealed class KestrelWorkbenchFactory : WorkbenchAppFactory
{
    /// <summary>Browser journeys start from the demo data an operator sees on a first run.</summary>
    public KestrelWorkbenchFactory()
        : base(new Dictionary<string, string> { ["Workbench:Demo"] = "true", ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key }) =>
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public Uri BaseUrl
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }
}
