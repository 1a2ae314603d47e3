using RpaWorkbench.Core.Workflows.Http;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowHttpRulesTests
{
    [Theory]
    [InlineData("200-299")]
    [InlineData("200,201, 404")]
    [InlineData("200-299,404,500-503")]
    [InlineData("100-599")]
    public void CheckStatuses_ValidList_HasNoProblem(string statuses) => Assert.Null(WorkflowHttpRules.CheckStatuses(statuses));

    [Theory]
    [InlineData("", "Give the success statuses as codes and ranges, e.g. 200-299 or 200,201,404.")]
    [InlineData("ok", "\"ok\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    [InlineData("200,,404", "\"\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    [InlineData("200-", "\"200-\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    [InlineData("600", "\"600\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    [InlineData("200-299-300", "\"200-299-300\" is not a status code (100 to 599) or a range of them such as 200-299.")]
    [InlineData("299-200", "The range \"299-200\" ends before it starts.")]
    public void CheckStatuses_BadList_NamesTheBadItem(string statuses, string problem) =>
        Assert.Equal(problem, WorkflowHttpRules.CheckStatuses(statuses));

    [Theory]
    [InlineData("200-299,404", 404, true)]
    [InlineData("200-299,404", 299, true)]
    [InlineData("200-299,404", 300, false)]
    [InlineData("201", 200, false)]
    public void IsSuccess_ReadsCodesAndRanges(string statuses, int status, bool success) =>
        Assert.Equal(success, WorkflowHttpRules.IsSuccess(statuses, status));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("HEAD", true)]
    [InlineData("TRACE", false)]
    [InlineData("CONNECT", false)]
    [InlineData("OPTIONS", false)]
    [InlineData("get", false)]
    [InlineData("", false)]
    public void IsAllowedMethod_AllowsTheSixMethodsInUpperCase(string method, bool allowed) =>
        Assert.Equal(allowed, WorkflowHttpRules.IsAllowedMethod(method));
}
