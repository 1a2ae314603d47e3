namespace RpaWorkbench.Web;

/// <summary>Turns bare switches such as <c>--demo</c> into configuration keys the host understands.</summary>
public static class CommandLineSwitches
{
    public static string[] Expand(string[] args) =>
        args.Select(arg => arg == "--demo" ? "--Workbench:Demo=true" : arg).ToArray();
}
