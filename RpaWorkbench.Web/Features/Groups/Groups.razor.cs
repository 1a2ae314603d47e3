using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Groups;

/// <summary>Robot groups by name, live, with member and online counts: <c>?q=</c> (name) in the address.</summary>
public partial class Groups : ListPage<RobotGroupRow, RobotGroupQuery>
{
    private const string SearchField = "q";

    [Inject] public required RobotGroupService GroupService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New, Edit or Delete: the service would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    // Other operators' edits, and accounts coming online, going offline or being deleted (the counts); the period ages "online".
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is GroupChanged or AccountChanged), Interval: TimeSpan.FromMilliseconds(250), Period: TimeSpan.FromSeconds(15));

    protected override RobotGroupQuery ReadFilter(QueryValues query) => new() { Search = query.Text(SearchField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(RobotGroupQuery filter) =>
        new Dictionary<string, object?> { [SearchField] = filter.Search };

    protected override Task<PageResult<RobotGroupRow>> LoadPageAsync(GridState<RobotGroupRow> state, RobotGroupQuery filter, CancellationToken cancellationToken) =>
        GroupService.ListAsync(filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);

    private Task CreateAsync() => OpenEditorAsync(L["Groups.New"], existing: null);

    private Task EditAsync(RobotGroupRow group) => OpenEditorAsync(L["Groups.Edit"], group);

    private async Task OpenEditorAsync(string title, RobotGroupRow? existing)
    {
        var parameters = new DialogParameters<GroupDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<GroupDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: RobotGroupDetail saved })
        {
            Snackbar.Add(L["Groups.Saved", saved.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(RobotGroupRow group)
    {
        var parameters = new DialogParameters<DeleteGroupDialog> { { d => d.Group, group } };
        var dialog = await Dialogs.ShowAsync<DeleteGroupDialog>(L["Groups.DeleteTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Groups.Deleted", group.Name], Severity.Success);
            await ReloadAsync();
        }
    }
}
