using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Groups;

namespace RpaWorkbench.Web.Features.Groups;

/// <summary>
/// Create or edit one group: name, description and members picked from the robot accounts (by their task control names).
/// Name rules come from <see cref="RobotGroupRules"/>; a taken name, unknown accounts and someone else's edit since the dialog
/// opened from the service.
/// </summary>
public partial class GroupDialog : CoreFormDialog
{
    private MudForm _form = default!;
    private string? _name;
    private string? _description;
    private IReadOnlyCollection<long> _members = [];
    private IReadOnlyList<AccountRow> _accounts = [];
    private bool _loading = true;

    /// <summary>The group being edited, or null to create one.</summary>
    [Parameter] public RobotGroupRow? Existing { get; set; }

    [Inject] public required RobotGroupService GroupService { get; init; }
    [Inject] public required AccountService AccountService { get; init; }

    protected override async Task OnInitializedAsync()
    {
        _accounts = (await AccountService.ListAsync(new AccountQuery { PageSize = AccountQuery.MaxPageSize }, Closing)).Items;
        if (Existing is not null)
        {
            (_name, _description) = (Existing.Name, Existing.Description);
            if (await GroupService.GetAsync(Existing.Id, Closing) is { } detail)
            {
                _members = detail.Members.Select(m => m.AccountId).ToList();
            }
        }

        _loading = false;
    }

    private string AccountName(long id) => _accounts.FirstOrDefault(a => a.Id == id)?.TaskControl ?? id.ToString(CultureInfo.InvariantCulture);

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var input = new RobotGroupInput(_name, _description, _members.ToList(), Existing?.Version);
        await SubmitAndCloseAsync(() => Existing is null
            ? GroupService.CreateAsync(input, Closing)
            : GroupService.UpdateAsync(Existing.Id, input, Closing));
    }
}
