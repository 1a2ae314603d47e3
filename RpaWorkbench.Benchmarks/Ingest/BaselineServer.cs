using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The same-run baselines, served by Kestrel in their own process like the Workbench (<c>-- ingest-baselines
/// --provider Sqlite|PostgreSQL --plain-database {connection string} --indexed-database {connection string} --urls {url}</c>, started by
/// <see cref="IngestBenchmark"/>). <c>POST /trivial</c> answers 200 at once. <c>POST /bare</c> is the ingest ceiling:
/// parse the same JSON, insert the run through <see cref="BareCeilingWriter"/> into a plain ExecutionLogs table (the
/// Workbench's columns, no secondary index), answer after the commit. <c>POST /bare-indexed</c> does the same into the
/// Workbench's own ExecutionLogs table with its eleven indexes, to tell the schema's cost from the code's.
/// </summary>
public static class BaselineServer
{
    public const string Command = "ingest-baselines";
    public const string TrivialPath = "trivial";
    public const string BarePath = "bare";
    public const string BareIndexedPath = "bare-indexed";
    public const string ReadyPath = "healthz";
    public const string ProviderOption = "provider";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var provider = Enum.Parse<DatabaseProvider>(builder.Configuration[ProviderOption] ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true);
        var plain = Writer(builder, provider, "plain-database");
        var indexed = Writer(builder, provider, "indexed-database");

        var app = builder.Build();
        app.MapGet(ReadyPath, () => "Healthy");
        app.MapPost(TrivialPath, () => TypedResults.Ok());
        app.MapPost(BarePath, (HttpRequest request, CancellationToken cancellationToken) => InsertAsync(request, plain, cancellationToken));
        app.MapPost(BareIndexedPath, (HttpRequest request, CancellationToken cancellationToken) => InsertAsync(request, indexed, cancellationToken));
        await app.RunAsync();
    }

    private static BareCeilingWriter Writer(WebApplicationBuilder builder, DatabaseProvider provider, string databaseOption)
    {
        var connectionString = builder.Configuration[databaseOption]
                               ?? throw new ArgumentException($"--{databaseOption} <connection string> is required.");
        var writer = new BareCeilingWriter(provider == DatabaseProvider.PostgreSQL
            ? new PostgreSqlBareLogTable(connectionString)
            : new SqliteBareLogTable(connectionString));
        builder.Services.AddSingleton<IHostedService>(writer);
        return writer;
    }

    private static async Task<IResult> InsertAsync(HttpRequest request, BareCeilingWriter writer, CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var id = await writer.InsertAsync(BareRun.Parse(body.RootElement), cancellationToken);
        return TypedResults.Ok(new { success = true, id, duplicate = id is null });
    }
}
