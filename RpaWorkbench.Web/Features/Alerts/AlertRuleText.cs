using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>A rule's kind, severity and grouping in the operator's words (resource keys by their REST names).</summary>
public static class AlertRuleText
{
    public static string Kind(IStringLocalizer<UiText> l, AlertRuleKind kind) => l["AlertRules.Kind." + ContractName.Of(kind)];

    /// <summary>What makes a rule of this kind fire.</summary>
    public static string Help(IStringLocalizer<UiText> l, AlertRuleKind kind) => l["AlertRules.KindHelp." + ContractName.Of(kind)];

    public static string Severity(IStringLocalizer<UiText> l, AlertSeverity severity) => l["AlertRules.Severity." + ContractName.Of(severity)];

    public static string GroupBy(IStringLocalizer<UiText> l, AlertGroupBy by) => l["AlertRules.GroupBy." + ContractName.Of(by)];
}
