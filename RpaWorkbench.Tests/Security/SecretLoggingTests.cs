using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// API keys and passwords never reach a log line — not at Trace level, not in a scope or an exception — through a
/// realistic day: configured secrets, wrong and right passwords, a password change, good and bad keys, a new key.
/// </summary>
public sealed class SecretLoggingTests
{
    private const string AdminUser = "ops";
    private const string AdminPassword = "configured-admin-secret-7Qx2";
    private const string WrongPassword = "mistyped-password-secret-9Kp4";
    private const string NewPassword = "changed-password-secret-3Vm8";
    private const string BootstrapKey = "configured-webhook-key-secret-0123456789";
    private const string InvalidKey = "guessed-webhook-key-secret-0123456789-xyz";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RealisticFlow_LoggedAtTrace_NoSecretInAnyMessageScopeOrException()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Bootstrap:AdminUser"] = AdminUser,
            ["Workbench:Bootstrap:AdminPassword"] = AdminPassword,
            ["Workbench:Bootstrap:WebhookApiKey"] = BootstrapKey,
        });
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l
            .AddProvider(logs)
            .AddFilter<CapturingLoggerProvider>(category: null, LogLevel.Trace)));
        var browser = Browser(app);

        Assert.Null((await SignInForm.SignInAsync(browser, AdminUser, WrongPassword)).Headers.Location);
        Assert.NotNull((await SignInForm.SignInAsync(browser, AdminUser, AdminPassword)).Headers.Location);
        await SignInForm.PostAsync(browser, "/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = AdminPassword,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.NotNull((await SignInForm.SignInAsync(Browser(app), AdminUser, NewPassword)).Headers.Location);
        var createdKey = await CreateKeyAsync(app.Services);
        Assert.Equal(HttpStatusCode.OK, (await HeartbeatAsync(app, "X-Api-Key", BootstrapKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HeartbeatAsync(app, "Authorization", "Bearer " + createdKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HeartbeatAsync(app, "X-Api-Key", InvalidKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HeartbeatAsync(app, "Authorization", "Bearer " + InvalidKey)).StatusCode);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Trace);
        foreach (var secret in new[] { AdminPassword, WrongPassword, NewPassword, BootstrapKey, InvalidKey, createdKey })
        {
            var leaks = logs.Entries.Where(e => e.AllText.Contains(secret, StringComparison.Ordinal)).Select(e => $"{e.Category}: {e.Message}").ToList();
            Assert.True(leaks.Count == 0, $"A secret was logged:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }

    [Fact]
    public async Task Database_SensitiveDataLogging_IsOffEvenInDevelopment()
    {
        await using var app = new WorkbenchAppFactory();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);

        var options = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>();

        Assert.False(options?.IsSensitiveDataLoggingEnabled ?? false, "EF Core would log parameter values: passwords hashes, keys' hashes, robots' data.");
    }

    [Fact]
    public async Task ApiKeyCreateCommand_PrintsTheKeyOnlyOnStandardOutput_NotInItsTraceLogs()
    {
        using var data = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll"), "apikey", "create", "robots" },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Workbench"] = data.SqliteConnectionString(),
                ["Logging__LogLevel__Default"] = "Trace",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
                ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
            },
        };

        using var command = Process.Start(start)!;
        var output = command.StandardOutput.ReadToEndAsync(Ct);
        var errors = command.StandardError.ReadToEndAsync(Ct);
        await command.WaitForExitAsync(Ct);

        Assert.Equal(0, command.ExitCode);
        var key = (await output).Trim();
        Assert.Matches("^wbk_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("dbug:", await errors, StringComparison.Ordinal);
        Assert.DoesNotContain(key, await errors, StringComparison.Ordinal);
    }

    private static HttpClient Browser(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> CreateKeyAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        // A second key without an admin session: the start-up path for configured keys.
        var secret = ApiKeySecret.Generate();
        await scope.ServiceProvider.GetRequiredService<ApiKeyService>().EnsureBootstrapKeyAsync(secret, CancellationToken.None);
        return secret;
    }

    private async Task<HttpResponseMessage> HeartbeatAsync(WebApplicationFactory<Program> app, string header, string value)
    {
        var robot = app.CreateClient();
        robot.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        return await robot.PostAsJsonAsync("/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);
    }
}
