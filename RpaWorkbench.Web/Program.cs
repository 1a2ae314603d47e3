using RpaWorkbench.Core;
using RpaWorkbench.Web;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Features.Dashboard;
using RpaWorkbench.Web.Features.Executions;

var builder = WebApplication.CreateBuilder(CommandLineSwitches.Expand(args));
builder.AddWorkbenchCore();
builder.AddWorkbenchWeb();
ApiKeyCommand.ConfigureLogging(builder, args);

var app = builder.Build();
if (ApiKeyCommand.IsCommand(args))
{
    return await ApiKeyCommand.RunAsync(app, args);
}

if (SeedLogsCommand.IsCommand(args))
{
    return await SeedLogsCommand.RunAsync(app, args);
}

if (RebuildRollupCommand.IsCommand(args))
{
    return await RebuildRollupCommand.RunAsync(app);
}

app.UseWorkbench();
await app.RunAsync();
return 0;

public partial class Program;
