namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>
/// Validation of rule input that needs no database; the dialog and <see cref="AlertRuleService"/> share it. A kind takes
/// exactly the figures it uses: a figure another kind uses is refused rather than silently kept.
/// </summary>
public static class AlertRuleRules
{
    public const string NameField = "name";
    public const string KindField = "kind";
    public const string SeverityField = "severity";
    public const string AppNameField = "app_name";
    public const string AccountIdField = "account_id";
    public const string GroupIdField = "group_id";
    public const string TaskIdField = "task_id";
    public const string ThresholdField = "threshold";
    public const string PercentField = "percent";
    public const string WindowMinutesField = "window_minutes";
    public const string MinRunsField = "min_runs";
    public const string GroupByField = "group_by";
    public const string ChannelIdsField = "channel_ids";
    public const string DedupMinutesField = "dedup_minutes";
    public const string QuietFromField = "quiet_from";
    public const string QuietToField = "quiet_to";
    public const string SendResolvedField = "send_resolved";

    /// <summary>A figure was sent that the rule's kind does not use.</summary>
    public const string NotUsedByKind = "NotUsedByKind";

    /// <summary>Another rule has this name.</summary>
    public const string DuplicateRuleName = "DuplicateRuleName";

    /// <summary>An account, group, task or channel id that names nothing.</summary>
    public const string UnknownReference = "UnknownReference";

    public const int MaxAppNameLength = 200;
    public const int MaxWeekMinutes = 7 * 24 * 60;

    /// <summary>The inclusive range of a kind's threshold, or null when the kind has none.</summary>
    public static (int Min, int Max)? ThresholdRange(AlertRuleKind kind) => kind switch
    {
        AlertRuleKind.FailuresInARow => (1, 100),
        AlertRuleKind.RobotOffline or AlertRuleKind.QueuedTooLong => (1, MaxWeekMinutes),
        _ => null,
    };

    /// <summary>Whether the kind is counted as a success rate (percent, window, minimum runs, grouping).</summary>
    public static bool UsesRate(AlertRuleKind kind) => kind == AlertRuleKind.SuccessRateBelow;

    public static readonly (int Min, int Max) WindowMinutesRange = (5, MaxWeekMinutes);
    public static readonly (int Min, int Max) MinRunsRange = (1, 10_000);
    public static readonly (int Min, int Max) DedupMinutesRange = (0, MaxWeekMinutes);

    /// <summary>The error for the name, or null when it is acceptable.</summary>
    public static FieldError? CheckName(string? name)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(NameField, ErrorCodes.Required, "Name is required.");
        }

        return value.Length > AlertRule.MaxNameLength
            ? new FieldError(NameField, ErrorCodes.TooLong, $"Name must be at most {AlertRule.MaxNameLength} characters.", AlertRule.MaxNameLength)
            : IdentifierText.Check(NameField, "Name", value);
    }

    /// <summary>The error for a whole number that must lie in <paramref name="range"/> (inclusive), or null.</summary>
    public static FieldError? CheckRange(string field, int? value, (int Min, int Max) range) => value switch
    {
        null => new FieldError(field, ErrorCodes.Required, $"{field} is required for this kind of rule."),
        var v when v < range.Min || v > range.Max =>
            new FieldError(field, ErrorCodes.OutOfRange, $"{field} must be between {range.Min} and {range.Max}.", range.Max),
        _ => null,
    };

    /// <summary>The error for a success-rate percent: above 0 (a rate is never below 0 %) and at most 100.</summary>
    public static FieldError? CheckPercent(double? percent) => percent switch
    {
        null => new FieldError(PercentField, ErrorCodes.Required, "percent is required for this kind of rule."),
        { } p when double.IsNaN(p) || p <= 0 || p > 100 =>
            new FieldError(PercentField, ErrorCodes.OutOfRange, "percent must be above 0 and at most 100.", 100),
        _ => null,
    };

    /// <summary>Every error in the input that needs no database, in field order.</summary>
    public static IReadOnlyList<FieldError> Validate(AlertRuleInput input)
    {
        var errors = new List<FieldError?> { CheckName(input.Name) };
        if (input.Kind is not { } kind)
        {
            errors.Add(new FieldError(KindField, ErrorCodes.Required, "kind is required."));
        }
        else
        {
            errors.AddRange(CheckFigures(kind, input));
        }

        if (!Enum.IsDefined(input.Severity))
        {
            errors.Add(new FieldError(SeverityField, ErrorCodes.InvalidValue, "severity must be info, warning or critical."));
        }

        if (input.AppName?.Trim().Length > MaxAppNameLength)
        {
            errors.Add(new FieldError(AppNameField, ErrorCodes.TooLong, $"app_name must be at most {MaxAppNameLength} characters.", MaxAppNameLength));
        }

        errors.Add(CheckRange(DedupMinutesField, input.DedupMinutes, DedupMinutesRange));
        errors.Add(CheckQuietHours(input.QuietFrom, input.QuietTo));
        if (input.SendResolved == true && input.Kind is { } k && !k.IsCondition())
        {
            errors.Add(NotUsed(SendResolvedField, k));
        }

        return errors.OfType<FieldError>().ToList();
    }

    /// <summary>Quiet hours need both ends, and different ones (equal ends would be no quiet at all, or all day).</summary>
    public static FieldError? CheckQuietHours(TimeOnly? from, TimeOnly? to) => (from, to) switch
    {
        (null, null) => null,
        (null, _) => new FieldError(QuietFromField, ErrorCodes.Required, "quiet_from is required when quiet_to is set."),
        (_, null) => new FieldError(QuietToField, ErrorCodes.Required, "quiet_to is required when quiet_from is set."),
        var (f, t) when f == t => new FieldError(QuietToField, ErrorCodes.InvalidValue, "quiet_to must differ from quiet_from."),
        _ => null,
    };

    private static IEnumerable<FieldError?> CheckFigures(AlertRuleKind kind, AlertRuleInput input)
    {
        yield return ThresholdRange(kind) is { } range ? CheckRange(ThresholdField, input.Threshold, range) : Unused(ThresholdField, input.Threshold, kind);
        if (UsesRate(kind))
        {
            yield return CheckPercent(input.Percent);
            yield return CheckRange(WindowMinutesField, input.WindowMinutes, WindowMinutesRange);
            yield return CheckRange(MinRunsField, input.MinRuns, MinRunsRange);
            yield return input.GroupBy is null ? new FieldError(GroupByField, ErrorCodes.Required, "group_by is required for this kind of rule.") : null;
        }
        else
        {
            yield return Unused(PercentField, input.Percent, kind);
            yield return Unused(WindowMinutesField, input.WindowMinutes, kind);
            yield return Unused(MinRunsField, input.MinRuns, kind);
            yield return Unused(GroupByField, input.GroupBy, kind);
        }
    }

    private static FieldError? Unused(string field, object? value, AlertRuleKind kind) => value is null ? null : NotUsed(field, kind);

    private static FieldError NotUsed(string field, AlertRuleKind kind) =>
        new(field, NotUsedByKind, $"{field} is not used by {ContractName.Of(kind)} rules; leave it out.");
}
