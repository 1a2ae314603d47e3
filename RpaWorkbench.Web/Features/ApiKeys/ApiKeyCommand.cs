using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>
/// <c>apikey create &lt;name&gt; [--scope robot|viewer|operator|admin] [--owner &lt;user&gt;] [--expires &lt;UTC date or time&gt;]
/// | list | revoke &lt;id&gt;</c> on the command line, for scripted deployments. The new secret is the only thing written to
/// standard output; logs go to standard error. Configuration switches may follow the words
/// (<c>apikey list --ConnectionStrings:Workbench "Data Source=/srv/wb.db"</c>), as with every other command. Without
/// <c>--owner</c> a key belongs to the oldest enabled admin (a robot key made before any user exists has no owner).
/// </summary>
public static class ApiKeyCommand
{
    private const string Verb = "apikey";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Keeps standard output clean for the secret when running a command.</summary>
    public static void ConfigureLogging(WebApplicationBuilder builder, string[] args)
    {
        if (IsCommand(args))
        {
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    /// <summary>Runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        // Whoever can run the command owns the database file: they act as an admin, audited as "cli".
        scope.ServiceProvider.GetRequiredService<CurrentUser>().UseCommandLine();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        try
        {
            return Words(args) switch
            {
                ["create", var name] => await CreateAsync(keys, name, args),
                ["list"] => await ListAsync(keys),
                ["revoke", var id] when long.TryParse(id, CultureInfo.InvariantCulture, out var keyId) => await RevokeAsync(keys, keyId),
                _ => Usage(),
            };
        }
        catch (Exception ex) when (ex is ValidationFailedException or RuleViolationException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    // The command's own words end where the host's configuration switches (--Key=value, --Key value) begin.
    private static string[] Words(string[] args) => args[1..].TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();

    private static async Task<int> CreateAsync(ApiKeyService keys, string name, string[] args)
    {
        DateTime? expires = null;
        if (Option(args, "--expires") is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await Console.Error.WriteLineAsync($"--expires: '{text}' is not a date or time (e.g. 2027-06-30 or 2027-06-30T18:00:00Z).");
                return 2;
            }

            expires = parsed.UtcDateTime;
        }

        var input = new NewApiKey(name, Option(args, "--scope") ?? ApiKeyScopes.Robot, expires, Option(args, "--owner"));
        var created = await keys.CreateAsync(input, CancellationToken.None);
        await Console.Out.WriteLineAsync(created.Secret);
        await Console.Error.WriteLineAsync($"API key {created.Key.Id} '{created.Key.Name}' ({created.Key.Scope}, owner {created.Key.Owner ?? "none"}) created. Store it now: it is not shown again.");
        return 0;
    }

    // "--scope admin" or "--scope=admin"; the host reads these as configuration too, where they mean nothing.
    private static string? Option(string[] args, string name)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }

    private static async Task<int> ListAsync(ApiKeyService keys)
    {
        for (var page = 0; ; page++)
        {
            var keysOnPage = await keys.ListAsync(page, ApiKeyService.MaxPageSize, CancellationToken.None);
            foreach (var key in keysOnPage.Items)
            {
                var state = key.RevokedAt is null ? "active" : "revoked";
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{key.Id}\t{key.Name}\t{key.Prefix}…\t{key.Scope}\towner {key.Owner}\t{state}\tcreated {key.CreatedAt:u} by {key.CreatedBy}\texpires {key.ExpiresAt:u}\tlast used {key.LastUsedAt:u}"));
            }

            if ((page + 1) * ApiKeyService.MaxPageSize >= keysOnPage.TotalCount)
            {
                return 0;
            }
        }
    }

    private static async Task<int> RevokeAsync(ApiKeyService keys, long id)
    {
        await keys.RevokeAsync(id, CancellationToken.None);
        await Console.Error.WriteLineAsync($"API key {id} revoked.");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: apikey create <name> [--scope robot|viewer|operator|admin] [--owner <user>] [--expires <date>] | apikey list | apikey revoke <id>");
        return 2;
    }
}
