using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;
using RpaWorkbench.Web.Components.Shared;

namespace RpaWorkbench.Tests.Lists;

/// <summary>
/// The smallest list page on <see cref="ListPage{TRow,TFilter}"/>: a grid of strings narrowed by <see cref="ProbeFilter"/>
/// (<c>q</c>, <c>status</c>, <c>flag</c> in the address), refreshed by <see cref="AccountChanged"/>; it records every
/// load it is asked for, and holds a load open until the page closes when told to.
/// </summary>
public sealed class ProbeList : ListPage<string, ProbeFilter>
{
    private readonly List<(ProbeFilter Filter, CancellationToken Token)> _loads = [];

    /// <summary>Each load's filter and token, in order.</summary>
    public IReadOnlyList<(ProbeFilter Filter, CancellationToken Token)> Loads
    {
        get
        {
            lock (_loads)
            {
                return [.. _loads];
            }
        }
    }

    /// <summary>When true, a load waits until its token is cancelled.</summary>
    [Parameter] public bool HoldLoads { get; set; }

    /// <summary>The filter shown, as the page's fields would set it.</summary>
    public Task ShowAsync(ProbeFilter filter) => SetFilterAsync(filter);

    public ProbeFilter Shown => Filter;

    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is AccountChanged), Interval: TimeSpan.FromMilliseconds(250), Period: Timeout.InfiniteTimeSpan);

    protected override ProbeFilter ReadFilter(QueryValues query) =>
        new(query.Text("q"), query.Enum<ExecutionStatus>("status"), query.Flag("flag"));

    protected override IReadOnlyDictionary<string, object?> WriteFilter(ProbeFilter filter) => new Dictionary<string, object?>
    {
        ["q"] = filter.Search,
        ["status"] = QueryValues.Of(filter.Status),
        ["flag"] = QueryValues.Of(filter.Flag),
    };

    protected override async Task<PageResult<string>> LoadPageAsync(GridState<string> state, ProbeFilter filter, CancellationToken cancellationToken)
    {
        lock (_loads)
        {
            _loads.Add((filter, cancellationToken));
        }

        if (HoldLoads)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        return new PageResult<string>([filter.Search ?? "all"], 1);
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<MudDataGrid<string>>(0);
        builder.AddComponentParameter(1, nameof(MudDataGrid<string>.ServerData), (Func<GridState<string>, CancellationToken, Task<GridData<string>>>)LoadAsync);
        builder.AddComponentReferenceCapture(2, grid => Grid = (MudDataGrid<string>)grid);
        builder.CloseComponent();
    }
}

public sealed record ProbeFilter(string? Search = null, ExecutionStatus? Status = null, bool? Flag = null)
{
    public ProbeFilter()
        : this(null, null, null)
    {
    }
}
