using RpaWorkbench.Core;
using RpaWorkbench.Web;

var builder = WebApplication.CreateBuilder(CommandLineSwitches.Expand(args));
builder.AddWorkbenchCore();
builder.AddWorkbenchWeb();

var app = builder.Build();
app.UseWorkbench();
app.Run();

public partial class Program;
