using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>
/// The task dialog's ShadowBot fields: the app, a robot group picked from ShadowBot's list (or typed, when the list cannot
/// be read), the queue settings and the file parameter. Rules come from <see cref="ShadowBotTaskRules"/>; the Core's
/// refusals show on the field they name.
/// </summary>
public partial class ShadowBotSection : LifetimeComponent
{
    private ShadowBotGroupList? _groups;
    private bool _expanded;

    [Parameter, EditorRequired] public required ShadowBotSettingsForm Form { get; set; }

    /// <summary>The Core's message for a field (<c>shadow_bot.robot_uuid</c>), or null.</summary>
    [Parameter, EditorRequired] public required Func<string, string?> ErrorFor { get; set; }

    /// <summary>True when the Workbench starts runs as ShadowBot jobs: the app UUID is then required.</summary>
    [Parameter] public bool RobotRequired { get; set; }

    /// <summary>Open when the dialog opens; afterwards the operator folds and unfolds it.</summary>
    [Parameter] public bool InitiallyExpanded { get; set; }

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ShadowBotGroupDirectory Groups { get; init; }

    private string GroupHelp => _groups switch
    {
        null => L["Tasks.ShadowBotGroupLoading"],
        { FailureKind: ShadowBotErrorKind.NotConfigured } => L["Tasks.ShadowBotNotConfigured"],
        { Problem: { } problem } => L["Tasks.ShadowBotGroupsUnavailable", problem],
        _ => L["Tasks.ShadowBotGroupHelp", _groups.Groups.Count],
    };

    // ShadowBot is asked for its groups only once the section is open.
    protected override Task OnInitializedAsync() => ExpandAsync(InitiallyExpanded);

    private async Task ExpandAsync(bool expanded)
    {
        _expanded = expanded;
        if (expanded && _groups is null)
        {
            _groups = await Groups.ListAsync(Closing);
        }
    }

    private Task<IEnumerable<string>> SearchGroups(string? search, CancellationToken cancellationToken)
    {
        var text = search?.Trim() ?? "";
        var matches = (_groups?.Groups ?? []).Where(g =>
                g.RobotClientGroupName.Contains(text, StringComparison.CurrentCultureIgnoreCase)
                || g.RobotClientGroupUuid.Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(g => g.RobotClientGroupUuid);
        return Task.FromResult(matches);
    }

    private string? GroupName(string uuid) =>
        _groups?.Groups.FirstOrDefault(g => g.RobotClientGroupUuid == uuid)?.RobotClientGroupName;

    private Func<string?, string?> Check(Func<string?, FieldError?> rule) => value => L.Message(rule(value));

}
