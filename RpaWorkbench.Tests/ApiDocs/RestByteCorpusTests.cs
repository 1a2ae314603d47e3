using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>
/// The webhooks' byte corpus over the REST routes: each route's sample request (<see cref="ApiRouteSamples"/>) is
/// mutated byte by byte (<see cref="ByteMutator"/>) — the JSON body where it has one, else the query string — and sent
/// with an admin key. Every answer is below 500; a refusal is problem details (a 400 or 422 names a field) and changed
/// nothing. The robots' routes have their own corpus (WebhookByteCorpusTests); streams are left out (they never end).
/// </summary>
public sealed class RestByteCorpusTests : IAsyncLifetime
{
    private const int CallsPerRoute = 300;
    private const int MutationSeed = 23;

    private readonly RestCorpusApp _app = new();
    private HttpClient _admin = null!;
    private SqliteConnection _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Routes => new(RestRouteNames());

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.KeyClientAsync(ApiKeyScopes.Admin);
        _database = new SqliteConnection(TempDirectory.SqliteConnectionStringIn(_app.DataDirectory));
        await _database.OpenAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_MutatedSample_NeverA5xxAndRefusalsChangeNothing(string route)
    {
        var samples = new ApiRouteSamples(_app);
        var mutator = new ByteMutator(MutationSeed);
        var (accepted, refused) = (0, 0);
        for (var i = 0; i < CallsPerRoute; i++)
        {
            using var request = await samples.RequestAsync(route);
            var shown = await MutateAsync(request, mutator, i);
            var before = await SnapshotAsync();

            using var response = await _admin.SendAsync(request, Ct);

            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{shown}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
            if (status < 400)
            {
                accepted++;
                continue;
            }

            refused++;
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{shown}: {status} without problem details");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(status is not (400 or 422) || problem.GetProperty("errors").EnumerateObject().Any(), $"{shown}: a {status} naming no field: {problem}");
            Assert.True(before == await SnapshotAsync(), $"{shown}: refused with {status} but the database changed");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{route}: {CallsPerRoute} calls, {accepted} answered 2xx/3xx, {refused} refused");
        Assert.True(refused > 0, $"{route}: no mutation was refused; the corpus tested nothing");
    }

    // REST routes with something to mutate: not the robots' routes (their own corpus), not the streams.
    private static List<string> RestRouteNames()
    {
        using var app = new RestCorpusApp();
        return ApiEndpoints.Of(app.Services)
            .Where(r => !r.Path.StartsWith("/api/v1/webhook", StringComparison.Ordinal) && !r.Path.StartsWith("/api/v1/resources", StringComparison.Ordinal)
                        && r.Path != "/api/v1/events" && !r.Path.StartsWith("/api/v1/sse", StringComparison.Ordinal))
            .Select(ApiEndpoints.NameOf)
            .Where(ApiRouteSamples.Has)
            .ToList();
    }

    // Mutates the body (JSON) or else the query string's bytes (percent-encoded as a client would send them).
    private static async Task<string> MutateAsync(HttpRequestMessage request, ByteMutator mutator, int index)
    {
        if (request.Content is { } content)
        {
            var body = mutator.Mutate(await content.ReadAsByteArrayAsync(Ct));
            var type = content.Headers.ContentType?.ToString() ?? "application/json";
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            return $"{request.Method} {request.RequestUri} body #{index} «{Encoding.UTF8.GetString(body)}»";
        }

        var uri = request.RequestUri!.OriginalString;
        var at = uri.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = at < 0 ? (uri, "") : (uri[..at], uri[(at + 1)..]);
        var mutated = mutator.Mutate(Encoding.UTF8.GetBytes(query));
        request.RequestUri = new Uri(path + "?" + PercentEncode(mutated), UriKind.Relative);
        return $"{request.Method} {request.RequestUri} #{index}";
    }

    private static string PercentEncode(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(char.IsAsciiLetterOrDigit((char)b) || "-._~=&".Contains((char)b) ? ((char)b).ToString() : $"%{b:X2}");
        }

        return text.ToString();
    }

    // Every table a REST call could write, by row count and last change.
    private async Task<string> SnapshotAsync()
    {
        await using var command = _database.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) || ',' || IFNULL(MAX("UpdatedAt"), '') FROM "Accounts") || '/' ||
                   (SELECT COUNT(*) || ',' || IFNULL(MAX("UpdatedAt"), '') FROM "Tasks") || '/' ||
                   (SELECT COUNT(*) || ',' || IFNULL(SUM("RevokedAt" IS NOT NULL), 0) FROM "ApiKeys") || '/' ||
                   (SELECT COUNT(*) || ',' || IFNULL(MAX("UpdatedAt"), '') FROM "RobotGroups") || '/' || (SELECT COUNT(*) FROM "RobotGroupMembers") || '/' ||
                   (SELECT COUNT(*) FROM "AuditEntries") || '/' || (SELECT COUNT(*) FROM "AspNetUsers")
            """;
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }
}
