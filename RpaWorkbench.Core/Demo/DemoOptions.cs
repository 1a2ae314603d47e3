namespace RpaWorkbench.Core.Demo;

/// <summary><c>Workbench:Demo</c> (or <c>--demo</c>): fill an empty database with realistic sample data.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Workbench";

    public bool Demo { get; set; }
}
