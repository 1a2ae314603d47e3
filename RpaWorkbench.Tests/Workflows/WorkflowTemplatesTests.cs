using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowTemplatesTests
{
    private static readonly WorkflowTemplateScope Scope = new(["order_id", "date"], ["fetch"], ["api_token"]);

    [Fact]
    public async Task Renders_inputs_earlier_step_outputs_and_secrets()
    {
        var model = new WorkflowTemplateModel(new Dictionary<string, string?> { ["order_id"] = "A-17" }, new Dictionary<string, string> { ["api_token"] = "s3cret" }, 42)
            .WithStep("fetch", "succeeded", """{"total": 12.5, "lines": [{"sku": "X1"}]}""");

        var text = await WorkflowTemplates.RenderAsync("{{ inputs.order_id }}/{{ steps.fetch.outputs.total }}/{{ steps.fetch.outputs.lines[0].sku }}/{{ secrets.api_token }}/{{ run.id }}", model);

        Assert.Equal("A-17/12.5/X1/s3cret/42", text);
    }

    [Fact]
    public async Task A_value_missing_at_run_time_is_an_error_naming_it()
    {
        var model = new WorkflowTemplateModel(new Dictionary<string, string?>(), new Dictionary<string, string>(), 1)
            .WithStep("fetch", "succeeded", """{"total": 3}""");

        var error = await Assert.ThrowsAsync<WorkflowTemplateException>(() => WorkflowTemplates.RenderAsync("{{ steps.fetch.outputs.count }}", model).AsTask());

        Assert.Contains("count", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ inputs.order }}", "\"inputs.order\" is not an input")]
    [InlineData("{{ steps.submit.outputs.id }}", "\"steps.submit\" is not a step before this one")]
    [InlineData("{{ secrets.password }}", "\"secrets.password\" is not a configured secret")]
    [InlineData("{{ order_id }}", "\"order_id\" is not known here")]
    [InlineData("{{ inputs.order_id ", "does not parse")]
    [InlineData("{% if inputs.date > 3 %}{{ response.status }}{% endif %}", "\"response\" is not known here")]
    public void Check_names_what_a_template_cannot_read(string template, string expected)
    {
        var problem = WorkflowTemplates.Check(template, Scope);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("{{ inputs.order_id | upcase }}-{{ steps.fetch.outputs.total | plus: 1 }}")]
    [InlineData("{% assign n = inputs.date %}{{ n }}{% for l in steps.fetch.outputs.lines %}{{ l.sku }}{{ forloop.index }}{% endfor %}")]
    public void Check_accepts_what_renders(string template) => Assert.Null(WorkflowTemplates.Check(template, Scope));

    [Theory]
    [InlineData("response.status == 200 and response.json.ok == true", true)]
    [InlineData("response.json.ok == false", false)]
    [InlineData("response.json.items.size > 1", true)]
    public async Task Conditions_read_the_response(string condition, bool expected)
    {
        Assert.Null(WorkflowTemplates.CheckCondition(condition, Scope with { Response = true }));
        var model = new WorkflowTemplateModel(new Dictionary<string, string?>(), new Dictionary<string, string>(), 1)
            .WithResponse(200, """{"ok": true, "items": [1, 2]}""");

        Assert.Equal(expected, await WorkflowTemplates.ConditionAsync(condition, model));
    }
}
