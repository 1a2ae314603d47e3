using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Features.Security;
using RpaWorkbench.Web.Features.Settings;
using RpaWorkbench.Web.Features.Webhooks;
using RpaWorkbench.Web.Infrastructure.Localization;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Base for bUnit tests of Workbench components: MudBlazor, the English UI resources, the real Core on a migrated
/// temporary SQLite file (fake clock), the live-event stream and the Web services pages use.
/// </summary>
public abstract class WorkbenchComponentTest : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    protected WorkbenchComponentTest()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddLocalization();
        Services.AddWorkbenchMudLocalizer();
        CoreTestHost.Register(Services, CoreTestHost.BuildConfiguration(_directory.SqliteConnectionString()), Clock, _directory.Path, User);
            // The Web features' settings (their options and descriptions), for the settings page.
        Services.AddScoped<SettingsCatalog>();
        Services.AddSignInOptions().AddWorkbenchTransportSecurity().AddWorkbenchWebhooks().AddDataProtectionSettings().AddHostSettings();
        Services.AddSingleton<IWorkbenchEvents>(Events);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The live-event stream the pages subscribe to, which tells a test when they have handled an event.</summary>
    protected ObservedWorkbenchEvents Events { get; } = new();

    /// <summary>Who the page's services see as signed in: an operator unless the test signs in someone else.</summary>
    protected TestCurrentUser User { get; } = new();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);

    /// <summary>Renders the providers that dialogs and popovers attach to.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogHost()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    protected override ValueTask DisposeAsyncCore()
    {
        _directory.Dispose();
        return base.DisposeAsyncCore();
    }
}
