using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// <c>/api/v1/alert-rules</c>: alert rules as the rules page lists and edits them, through <see cref="AlertRuleService"/>
/// (docs/api-rest-alert-rules.md). The <c>ETag</c> is the rule's version.
/// </summary>
public static class AlertRulesApi
{
    public const string KindField = "kind";
    public const string EnabledField = "enabled";
    public const int MaxPageSize = 500;

    public static void MapAlertRulesApi(this IEndpointRouteBuilder endpoints)
    {
        var rules = endpoints.MapRestGroup("/alert-rules", "Alert rules");
        rules.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-alert-rules")
            .WithSummary("Alert rules by name, optionally only one kind or only enabled / disabled ones, paged")
            .WithMetadata(AlertRuleExamples.List)
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        rules.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-alert-rule")
            .WithSummary("One alert rule with its scope's and channels' names, with its version as ETag")
            .WithMetadata(AlertRuleExamples.One)
            .ProducesProblems([], StatusCodes.Status404NotFound);
        rules.MapPost("", CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-alert-rule")
            .WithSummary("Create an alert rule: a kind with exactly the figures it uses, a scope, channels and quiet hours")
            .ReadsJson<AlertRuleRequest>([.. AlertRuleExamples.Body, .. AlertRuleExamples.Created]).Produces<AlertRuleView>(StatusCodes.Status201Created);
        rules.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Operator).WithName("update-alert-rule")
            .WithSummary("Replace an alert rule's settings (fields left out take their defaults); If-Match guards against overwriting")
            .ReadsJson<AlertRuleRequest>([.. AlertRuleExamples.Body, .. AlertRuleExamples.Updated]).Produces<AlertRuleView>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        rules.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Operator).WithName("delete-alert-rule")
            .WithSummary("Delete an alert rule; the alerts it raised stay in the history")
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ApiPage<AlertRuleView>>> ListAsync(HttpRequest request, AlertRuleService rules, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, MaxPageSize, errors);
        var query = new AlertRuleQuery { Kind = QueryValues.Enum<AlertRuleKind>(request, KindField, errors), Enabled = QueryValues.Bool(request, EnabledField, errors) };
        QueryValues.ThrowIfAny(errors);
        var all = await rules.ListAsync(query, cancellationToken);
        var page = all.Skip(paging.Index * paging.PageSize).Take(paging.PageSize).ToList();
        return TypedResults.Ok(paging.Of(new PageResult<AlertRuleView>(page, all.Count), rule => rule));
    }

    private static async Task<Ok<AlertRuleView>> GetAsync(long id, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken)
    {
        var rule = await rules.GetAsync(id, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Alert rule {id} does not exist (it may have been deleted).");
        return Tagged(context, TypedResults.Ok(rule), rule);
    }

    private static Task<IResult> CreateAsync(HttpContext context, AlertRuleService rules, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<AlertRuleRequest>(context, async body =>
        {
            var rule = await rules.CreateAsync(body.ToInput(version: null), cancellationToken);
            return Tagged(context, TypedResults.Created($"{RestApi.Prefix}/alert-rules/{rule.Id}", rule), rule);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, AlertRuleService rules, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<AlertRuleRequest>(context, async body =>
        {
            var rule = await rules.UpdateAsync(id, body.ToInput(version), cancellationToken);
            return Tagged(context, TypedResults.Ok(rule), rule);
        });
    }

    private static async Task<NoContent> DeleteAsync(long id, AlertRuleService rules, CancellationToken cancellationToken)
    {
        await rules.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static T Tagged<T>(HttpContext context, T result, AlertRuleView rule) =>
        ETags.Tagged(context, result, rule.Version.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/v1/alert-rules</c>: a whole rule. Names (<c>kind</c>, <c>severity</c>,
/// <c>group_by</c>) are snake_case; quiet hours are <c>"HH:mm"</c> in the operators' zone. A value that is not one of
/// them is refused naming its field (422), as the Core refuses figures the kind does not use.
/// </summary>
public sealed record AlertRuleRequest
{
    // [Required] marks the field so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? Name { get; init; }

    /// <summary>failures_in_a_row, success_rate_below, robot_offline, queued_too_long, run_failed, run_timed_out_or_lost, batch_finished, batch_failed, workflow_finished, workflow_failed.</summary>
    [Required]
    public string? Kind { get; init; }

    /// <summary>info, warning (the default) or critical.</summary>
    public string? Severity { get; init; }

    /// <summary>Whether the rule is evaluated; true when left out.</summary>
    public bool? Enabled { get; init; }

    public string? AppName { get; init; }
    public long? AccountId { get; init; }
    public long? GroupId { get; init; }
    public long? TaskId { get; init; }

    public int? Threshold { get; init; }
    public double? Percent { get; init; }
    public int? WindowMinutes { get; init; }
    public int? MinRuns { get; init; }

    /// <summary>app, account or task (success_rate_below only).</summary>
    public string? GroupBy { get; init; }

    public IReadOnlyList<long>? ChannelIds { get; init; }

    /// <summary>Minutes (0–10080) in which one message per rule and subject is sent; 30 when left out.</summary>
    public int? DedupMinutes { get; init; }

    /// <summary>Quiet hours start, "HH:mm" in the operators' time zone.</summary>
    public string? QuietFrom { get; init; }

    /// <summary>Quiet hours end (exclusive), "HH:mm"; earlier than quiet_from wraps midnight.</summary>
    public string? QuietTo { get; init; }

    /// <summary>Send a notice when a condition's alert resolves; true for conditions when left out.</summary>
    public bool? SendResolved { get; init; }

    /// <summary>The Core's input; a name or time that cannot be read is refused here, naming every such field.</summary>
    public AlertRuleInput ToInput(int? version)
    {
        var errors = new List<FieldError>();
        var input = new AlertRuleInput
        {
            Name = Name,
            Kind = QueryValues.Enum<AlertRuleKind>(Kind?.Trim(), AlertRuleRules.KindField, errors),
            Severity = QueryValues.Enum<AlertSeverity>(Severity?.Trim(), AlertRuleRules.SeverityField, errors) ?? AlertSeverity.Warning,
            Enabled = Enabled ?? true,
            AppName = AppName,
            AccountId = AccountId,
            GroupId = GroupId,
            TaskId = TaskId,
            Threshold = Threshold,
            Percent = Percent,
            WindowMinutes = WindowMinutes,
            MinRuns = MinRuns,
            GroupBy = QueryValues.Enum<AlertGroupBy>(GroupBy?.Trim(), AlertRuleRules.GroupByField, errors),
            ChannelIds = ChannelIds ?? [],
            DedupMinutes = DedupMinutes ?? new AlertRuleInput().DedupMinutes,
            QuietFrom = Time(QuietFrom, AlertRuleRules.QuietFromField, errors),
            QuietTo = Time(QuietTo, AlertRuleRules.QuietToField, errors),
            SendResolved = SendResolved,
            Version = version,
        };
        QueryValues.ThrowIfAny(errors);
        return input;
    }

    private static TimeOnly? Time(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var time = HourMinute.Parse(text);
        if (time is null)
        {
            errors.Add(new FieldError(field, ErrorCodes.InvalidValue, $"'{field}' must be a time as HH:mm (24-hour), e.g. 22:00."));
        }

        return time;
    }
}
