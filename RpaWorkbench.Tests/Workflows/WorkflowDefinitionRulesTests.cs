using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowDefinitionRulesTests
{
    private static readonly Dictionary<long, WorkflowStepTask> Tasks = new()
    {
        [1] = new WorkflowStepTask(1, "日报汇总", IsDify: false, WorkflowDefinitionSamples.RobotParameters),
        [2] = new WorkflowStepTask(2, "开票", IsDify: true, WorkflowDefinitionSamples.DifyParameters),
    };

    private static readonly WorkflowDefinition Valid = WorkflowDefinitionSamples.Definition(robotTaskId: 1);

    [Fact]
    public void Validate_TheSampleDefinition_HasNoErrors() => Assert.Empty(Errors(Valid));

    [Fact]
    public void Validate_NameDescriptionSchedule_NamedAtTheirFields()
    {
        var input = WorkflowDefinitionRules.Normalize(new WorkflowInput(" ", new string('d', 1001), "every day", Valid));

        var errors = WorkflowDefinitionRules.Validate(input, Tasks, ["api_token"]);

        Assert.Equal(
            [("name", "Required"), ("description", "TooLong"), ("schedule", "WorkflowInvalidSchedule")],
            errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(1000, errors[1].Limit);
    }

    [Theory]
    [InlineData("0 9 * * 1-5", true)]
    [InlineData("*/5 * * * *", true)]
    [InlineData("0 0 9 * * *", false)]
    [InlineData("61 * * * *", false)]
    public void CheckSchedule_AcceptsFiveFieldCronOnly(string cron, bool valid) =>
        Assert.Equal(valid, WorkflowDefinitionRules.CheckSchedule(cron) is null);

    [Fact]
    public void Validate_NameOf129Characters_IsTooLong() =>
        Assert.Equal(("name", "TooLong", 128), Single(WorkflowDefinitionRules.CheckName(new string('n', 129))));

    [Fact]
    public void Validate_Inputs_CheckedAsTaskParametersNamedUnderInputs()
    {
        var errors = Errors(Valid with
        {
            Inputs = [new TaskParameter("order_id", TaskParameterType.Text), new TaskParameter("1st", TaskParameterType.Text), new TaskParameter("n", TaskParameterType.Integer) { Default = "x" }],
        });

        Assert.Equal([("inputs[1].name", "ParameterInvalidName"), ("inputs[2].default", "ParameterInvalidInteger")], errors);
    }

    [Fact]
    public void Validate_NoSteps_And51Steps_Refused()
    {
        Assert.Equal([("steps", "Required")], Errors(Valid with { Steps = [] }));
        var many = Enumerable.Range(0, 51).Select(i => new WorkflowStep($"w{i}", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 1 } }).ToList();
        Assert.Equal([("steps", "TooLong")], Errors(Valid with { Inputs = [], Steps = many }));
    }

    [Theory]
    [InlineData("", "Required")]
    [InlineData("Fetch", "WorkflowInvalidStepName")]
    [InlineData("1st", "WorkflowInvalidStepName")]
    [InlineData("fetch-order", "WorkflowInvalidStepName")]
    public void Validate_StepName_MustBeALowerCaseIdentifier(string name, string code) =>
        Assert.Contains(("steps[2].name", code), Errors(WithStep(2, s => s with { Name = name })));

    [Fact]
    public void Validate_StepNameOf65Characters_IsTooLong() =>
        Assert.Equal([("steps[2].name", "TooLong")], Errors(WithStep(2, s => s with { Name = new string('a', 65) })));

    [Fact]
    public void Validate_DuplicateStepName_NamesTheSecond() =>
        Assert.Equal([("steps[2].name", "WorkflowDuplicateStepName")], Errors(WithStep(2, s => s with { Name = "fetch" })));

    [Fact]
    public void Validate_CommonLimits_EachNamedAtItsField()
    {
        var errors = Errors(WithStep(2, s => s with { Title = new string('t', 129), Attempts = 11, BackoffSeconds = 86_401, TimeoutSeconds = 950_401 }));

        Assert.Equal([("steps[2].title", "TooLong"), ("steps[2].attempts", "OutOfRange"), ("steps[2].backoff_seconds", "OutOfRange"), ("steps[2].timeout_seconds", "OutOfRange")], errors);
        Assert.Equal([("steps[2].attempts", "OutOfRange"), ("steps[2].timeout_seconds", "OutOfRange")],
            Errors(WithStep(2, s => s with { Attempts = 0, BackoffSeconds = 0, TimeoutSeconds = 0 })));
        Assert.Empty(Errors(WithStep(2, s => s with { Attempts = 10, BackoffSeconds = 86_400, TimeoutSeconds = 950_400 })));
    }

    [Fact]
    public void Validate_GoTo_NamesAnotherStepAndOnlyWithOnFailureGoTo()
    {
        Assert.Equal([("steps[1].go_to", "WorkflowUnknownStep")], Errors(WithStep(1, s => s with { GoTo = "nowhere" })));
        Assert.Equal([("steps[1].go_to", "WorkflowUnknownStep")], Errors(WithStep(1, s => s with { GoTo = "notify" })));
        Assert.Equal([("steps[1].go_to", "Required")], Errors(WithStep(1, s => s with { GoTo = null })));
        Assert.Equal([("steps[1].go_to", "WorkflowGoToNotAllowed")], Errors(WithStep(1, s => s with { OnFailure = WorkflowFailureAction.Continue })));
        Assert.Empty(Errors(WithStep(1, s => s with { GoTo = "sign_off" })));
    }

    [Fact]
    public void Validate_SettingsOfAnotherKind_AndMissingOwnSettings_Refused()
    {
        var errors = Errors(WithStep(2, s => s with { Wait = null, Http = new WorkflowHttpStep("GET", "http://127.0.0.1:9/") }));

        Assert.Equal([("steps[2].http", "WorkflowStepSettingsMismatch"), ("steps[2].wait", "Required")], errors);
    }

    [Fact]
    public void Validate_RobotRunTask_MustExistAndNotBeDify()
    {
        Assert.Equal([("steps[0].task.task_id", "WorkflowUnknownTask")], Errors(WithStep(0, s => s with { Task = s.Task! with { TaskId = 99 } })));
        Assert.Contains(("steps[0].task.task_id", "WorkflowWrongTaskKind"), Errors(WithStep(0, s => s with { Task = s.Task! with { TaskId = 2 } })));
    }

    [Fact]
    public void Validate_DifyStep_NeedsADifyTask()
    {
        var dify = new WorkflowStep("invoice", WorkflowStepKind.Dify) { Task = new WorkflowTaskStep(2) { Parameters = new Dictionary<string, string> { ["order_id"] = "{{ inputs.order_id }}" } } };
        Assert.Empty(Errors(Valid with { Steps = [dify] }));

        var robotTask = dify with { Task = new WorkflowTaskStep(1) { Parameters = new Dictionary<string, string> { ["region"] = "east" } } };
        Assert.Equal([("steps[0].task.task_id", "WorkflowWrongTaskKind")], Errors(Valid with { Steps = [robotTask] }));
    }

    [Fact]
    public void Validate_TaskParameters_UnknownKeyAndMissingRequired_NamedByParameter()
    {
        var errors = Errors(WithStep(0, s => s with { Task = s.Task! with { Parameters = new Dictionary<string, string> { ["regoin"] = "east" } } }));

        Assert.Equal([("steps[0].task.parameters.regoin", "ParameterUnknown"), ("steps[0].task.parameters.region", "Required")], errors);
    }

    [Theory]
    [InlineData("{{ inputs.order }}", "\"inputs.order\" is not an input")]
    [InlineData("{{ steps.notify.outputs.id }}", "\"steps.notify\" is not a step before this one")]
    [InlineData("{{ secrets.api_token }}", "\"secrets.api_token\" is not a configured secret")]
    [InlineData("{{ inputs.order_id", "does not parse")]
    public void Validate_TaskParameterTemplate_ReadsInputsAndEarlierStepsOnly(string template, string expected)
    {
        var errors = WorkflowDefinitionRules.Validate(Input(WithStep(0, s => s with
        {
            Task = s.Task! with { Parameters = new Dictionary<string, string> { ["region"] = template } },
        })), Tasks, ["api_token"]);

        var error = Assert.Single(errors);
        Assert.Equal(("steps[0].task.parameters.region", "WorkflowInvalidTemplate"), (error.Field, error.Code));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpStep_EveryFieldChecked()
    {
        var errors = Errors(WithStep(1, s => s with
        {
            Http = new WorkflowHttpStep("TRACE", "")
            {
                Headers = new Dictionary<string, string> { ["Bad Header"] = "x", ["X-Order"] = "{{ steps.sign_off.outputs.approved }}" },
                Body = new string('b', 100_001),
                SuccessStatuses = "200-299,abc",
                SuccessCondition = "response.json.ok == true and inputs.nope == 1",
            },
        }));

        Assert.Equal(
        [
            ("steps[1].http.method", "InvalidValue"), ("steps[1].http.url", "Required"), ("steps[1].http.headers.Bad Header", "WorkflowInvalidHeader"),
            ("steps[1].http.headers.X-Order", "WorkflowInvalidTemplate"), ("steps[1].http.body", "TooLong"),
            ("steps[1].http.success_statuses", "WorkflowInvalidStatuses"), ("steps[1].http.success_condition", "WorkflowInvalidTemplate"),
        ], errors);
    }

    [Fact]
    public void Validate_HttpUrlOver2048_IsTooLong() =>
        Assert.Equal([("steps[1].http.url", "TooLong")], Errors(WithStep(1, s => s with { Http = s.Http! with { Url = "http://127.0.0.1/" + new string('a', 2032) } })));

    [Fact]
    public void Validate_SecretsAreForHttpStepsOnly() =>
        Assert.Equal([("steps[3].approval.message", "WorkflowInvalidTemplate")],
            Errors(WithStep(3, s => s with { Approval = s.Approval! with { Message = "{{ secrets.api_token }}" } })));


    [Theory]
    [InlineData(null, null, "steps[2].wait", "InvalidValue")]
    [InlineData(60, "09:00", "steps[2].wait", "InvalidValue")]
    [InlineData(0, null, "steps[2].wait.seconds", "OutOfRange")]
    [InlineData(2_592_001, null, "steps[2].wait.seconds", "OutOfRange")]
    [InlineData(null, "9am", "steps[2].wait.until", "InvalidTime")]
    [InlineData(null, "2026-13-01 09:00", "steps[2].wait.until", "InvalidTime")]
    public void Validate_Wait_ExactlyOneOfSecondsOrUntil(int? seconds, string? until, string field, string code) =>
        Assert.Equal([(field, code)], Errors(WithStep(2, s => s with { Wait = new WorkflowWaitStep { Seconds = seconds, Until = until } })));

    [Theory]
    [InlineData(2_592_000, null)]
    [InlineData(null, "09:30")]
    [InlineData(null, "2026-12-24 18:00")]
    public void Validate_Wait_AcceptsSecondsOrUntil(int? seconds, string? until) =>
        Assert.Empty(Errors(WithStep(2, s => s with { Wait = new WorkflowWaitStep { Seconds = seconds, Until = until } })));

    [Fact]
    public void Validate_Approval_MessageAndDeadlineLimits()
    {
        var errors = Errors(WithStep(3, s => s with { Approval = new WorkflowApprovalStep { Message = new string('m', 2001), DeadlineSeconds = 59 } }));

        Assert.Equal([("steps[3].approval.message", "TooLong"), ("steps[3].approval.deadline_seconds", "OutOfRange")], errors);
        Assert.Equal([("steps[3].approval.deadline_seconds", "OutOfRange")],
            Errors(WithStep(3, s => s with { Approval = new WorkflowApprovalStep { DeadlineSeconds = 2_592_001 } })));
        Assert.Empty(Errors(WithStep(3, s => s with { Approval = new WorkflowApprovalStep { DeadlineSeconds = 60 } })));
    }

    [Fact]
    public void Normalize_TrimsNamesAndUpperCasesTheMethod()
    {
        var normalized = WorkflowDefinitionRules.Normalize(new WorkflowInput(" 订单 ", "  ", " ", WithStep(1, s => s with { Name = " notify ", Http = s.Http! with { Method = " post " } })));

        Assert.Equal(("订单", null, null), (normalized.Name, normalized.Description, normalized.Schedule));
        Assert.Equal(("notify", "POST"), (normalized.Definition!.Steps[1].Name, normalized.Definition.Steps[1].Http!.Method));
    }

    private static WorkflowDefinition WithStep(int index, Func<WorkflowStep, WorkflowStep> change) =>
        Valid with { Steps = [.. Valid.Steps.Select((s, i) => i == index ? change(s) : s)] };

    private static WorkflowInput Input(WorkflowDefinition definition) => WorkflowDefinitionRules.Normalize(new WorkflowInput("订单处理", null, null, definition));

    private static List<(string Field, string Code)> Errors(WorkflowDefinition definition) =>
        [.. WorkflowDefinitionRules.Validate(Input(definition), Tasks, ["api_token"]).Select(e => (e.Field, e.Code))];

    private static (string, string, int?) Single(FieldError? error) => (error!.Field, error.Code, error.Limit);
}
