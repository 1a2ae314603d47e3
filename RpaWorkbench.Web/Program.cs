using RpaWorkbench.Core;
using RpaWorkbench.Web;
using RpaWorkbench.Web.Features.Executions;
using RpaWorkbench.Web.Features.Security;

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

app.UseWorkbench();
await app.RunAsync();
return 0;

public partial class Program;
