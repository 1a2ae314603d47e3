using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>What a task may declare as parameters; errors are named as REST shows the field (<c>parameters[1].name</c>).</summary>
public sealed class TaskParameterRulesTests
{
    [Theory]
    [InlineData("region")]
    [InlineData("仓库_编号")]
    [InlineData("batch-size2")]
    [InlineData("_private")]
    public void Validate_SafeName_Accepted(string name) =>
        Assert.Empty(TaskParameterRules.Validate([new TaskParameter(name, TaskParameterType.Text)]));

    [Theory]
    [InlineData("", "Required")]
    [InlineData("2nd", "ParameterInvalidName")]
    [InlineData("has space", "ParameterInvalidName")]
    [InlineData("a.b", "ParameterInvalidName")]
    [InlineData("a$", "ParameterInvalidName")]
    [InlineData("仓库（一）", "ParameterInvalidName")]
    public void Validate_BadName_RefusedNamingTheRow(string name, string code)
    {
        var errors = TaskParameterRules.Validate([new TaskParameter("ok", TaskParameterType.Text), new TaskParameter(name, TaskParameterType.Text)]);

        var error = Assert.Single(errors);
        Assert.Equal(("parameters[1].name", code), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_NameLength_SixtyFourAtMost()
    {
        Assert.Empty(TaskParameterRules.Validate([new TaskParameter(new string('名', 64), TaskParameterType.Text)]));
        var error = Assert.Single(TaskParameterRules.Validate([new TaskParameter(new string('名', 65), TaskParameterType.Text)]));
        Assert.Equal(("parameters[0].name", "TooLong", 64), (error.Field, error.Code, error.Limit));
    }

    [Fact]
    public void Validate_SameNameIgnoringCase_RefusesTheSecond()
    {
        var errors = TaskParameterRules.Validate([new TaskParameter("Region", TaskParameterType.Text), new TaskParameter("region", TaskParameterType.Integer)]);

        var error = Assert.Single(errors);
        Assert.Equal(("parameters[1].name", "ParameterDuplicateName"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_MoreThanAHundred_Refused()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => new TaskParameter($"p{i}", TaskParameterType.Text)).ToList();

        Assert.Empty(TaskParameterRules.Validate(hundred));
        var error = Assert.Single(TaskParameterRules.Validate([.. hundred, new TaskParameter("p101", TaskParameterType.Text)]));
        Assert.Equal(("parameters", "ParameterTooMany"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData(TaskParameterType.Text, 1, null)]
    [InlineData(TaskParameterType.File, 10_000, null)]
    [InlineData(TaskParameterType.Text, 0, "OutOfRange")]
    [InlineData(TaskParameterType.Text, 10_001, "OutOfRange")]
    [InlineData(TaskParameterType.Integer, 10, "ParameterMaxLengthNotAllowed")]
    [InlineData(TaskParameterType.Date, 10, "ParameterMaxLengthNotAllowed")]
    public void Validate_MaxLength_OneToTenThousandForTextAndFileOnly(TaskParameterType type, int maxLength, string? code)
    {
        var errors = TaskParameterRules.Validate([new TaskParameter("p", type) { MaxLength = maxLength }]);

        Assert.Equal(code is null ? [] : [("parameters[0].max_length", code)], errors.Select(e => (e.Field, e.Code)));
    }

    [Theory]
    [InlineData(TaskParameterType.Integer, "12", null)]
    [InlineData(TaskParameterType.Integer, "twelve", "ParameterInvalidInteger")]
    [InlineData(TaskParameterType.Boolean, "是", null)]
    [InlineData(TaskParameterType.Boolean, "y", "ParameterInvalidBoolean")]
    [InlineData(TaskParameterType.Date, "2026-13-01", "ParameterInvalidDate")]
    [InlineData(TaskParameterType.Decimal, "0.5", null)]
    public void Validate_Default_MustBeAValidValueOfItsType(TaskParameterType type, string value, string? code)
    {
        var errors = TaskParameterRules.Validate([new TaskParameter("p", type) { Default = value }]);

        Assert.Equal(code is null ? [] : [("parameters[0].default", code)], errors.Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void Validate_DefaultLongerThanMaxLength_Refused()
    {
        var error = Assert.Single(TaskParameterRules.Validate([new TaskParameter("p", TaskParameterType.Text) { MaxLength = 3, Default = "abcd" }]));

        Assert.Equal(("parameters[0].default", "TooLong", 3), (error.Field, error.Code, error.Limit));
    }

    [Fact]
    public void Validate_DescriptionLength_FiveHundredAtMost()
    {
        Assert.Empty(TaskParameterRules.Validate([new TaskParameter("p", TaskParameterType.Text) { Description = new string('说', 500) }]));
        var error = Assert.Single(TaskParameterRules.Validate([new TaskParameter("p", TaskParameterType.Text) { Description = new string('说', 501) }]));
        Assert.Equal(("parameters[0].description", "TooLong"), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_UndefinedType_Refused()
    {
        var error = Assert.Single(TaskParameterRules.Validate([new TaskParameter("p", (TaskParameterType)99)]));

        Assert.Equal(("parameters[0].type", "InvalidValue"), (error.Field, error.Code));
    }

    [Fact]
    public void Normalize_TrimsAndBlanksBecomeNull()
    {
        var normalized = TaskParameterRules.Normalize([new TaskParameter("  区域 ", TaskParameterType.Text) { Default = "  ", Description = " 说明 " }]);

        Assert.Equal(new TaskParameter("区域", TaskParameterType.Text) { Default = null, Description = "说明" }, Assert.Single(normalized));
    }
}
