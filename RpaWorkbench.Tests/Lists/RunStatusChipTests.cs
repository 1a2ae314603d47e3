using Bunit;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Components.Shared;

namespace RpaWorkbench.Tests.Lists;

/// <summary>One colour per way a run ends, the same on the tasks, logs and log detail pages.</summary>
public sealed class RunStatusChipTests : WorkbenchComponentTest
{
    [Theory]
    [InlineData(ExecutionStatus.Completed, "success", "Completed")]
    [InlineData(ExecutionStatus.Failed, "error", "Failed")]
    [InlineData(ExecutionStatus.TimedOut, "warning", "Timed out")]
    [InlineData(ExecutionStatus.Lost, "warning", "Lost")]
    [InlineData(ExecutionStatus.Stopped, "default", "Stopped")]
    public void Chip_ShowsTheStatusInItsColour(ExecutionStatus status, string colour, string text)
    {
        var chip = Render<RunStatusChip>(p => p.Add(c => c.Status, status));

        var element = chip.Find(".mud-chip");
        Assert.Contains($"mud-chip-color-{colour}", element.ClassList);
        Assert.Equal(text, element.TextContent.Trim());
    }
}
