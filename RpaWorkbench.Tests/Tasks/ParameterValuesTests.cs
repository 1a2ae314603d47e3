using System.Globalization;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// The value rules of declared parameters (what a start with values and each batch row are checked by): one value form
/// per type, defaults, required and unknown names, whatever the culture of the thread.
/// </summary>
public sealed class ParameterValuesTests
{
    [Theory]
    [InlineData(TaskParameterType.Integer, " 42 ", "42")]
    [InlineData(TaskParameterType.Integer, "-7", "-7")]
    [InlineData(TaskParameterType.Integer, "+7", "7")]
    [InlineData(TaskParameterType.Integer, "9223372036854775807", "9223372036854775807")]
    [InlineData(TaskParameterType.Decimal, "3.50", "3.50")]
    [InlineData(TaskParameterType.Decimal, "-0.25", "-0.25")]
    [InlineData(TaskParameterType.Decimal, "12", "12")]
    [InlineData(TaskParameterType.Boolean, "true", "true")]
    [InlineData(TaskParameterType.Boolean, "TRUE", "true")]
    [InlineData(TaskParameterType.Boolean, "1", "true")]
    [InlineData(TaskParameterType.Boolean, "yes", "true")]
    [InlineData(TaskParameterType.Boolean, "是", "true")]
    [InlineData(TaskParameterType.Boolean, "False", "false")]
    [InlineData(TaskParameterType.Boolean, "0", "false")]
    [InlineData(TaskParameterType.Boolean, "No", "false")]
    [InlineData(TaskParameterType.Boolean, "否", "false")]
    [InlineData(TaskParameterType.Date, "2026-12-07", "2026-12-07")]
    [InlineData(TaskParameterType.Date, "2026/02/28", "2026-02-28")]
    [InlineData(TaskParameterType.Text, "  华东 仓 ", "华东 仓")]
    [InlineData(TaskParameterType.File, "reports/2026-12.xlsx", "reports/2026-12.xlsx")]
    public void Check_ValidValue_GivesItInOneForm(TaskParameterType type, string given, string expected)
    {
        var check = ParameterValues.Check([new TaskParameter("p", type)], Given(("p", given)));

        Assert.Empty(check.Errors);
        Assert.Equal(expected, check.Values["p"]);
    }

    [Theory]
    [InlineData(TaskParameterType.Integer, "1.5", "ParameterInvalidInteger")]
    [InlineData(TaskParameterType.Integer, "1,000", "ParameterInvalidInteger")]
    [InlineData(TaskParameterType.Integer, "9223372036854775808", "ParameterInvalidInteger")]
    [InlineData(TaskParameterType.Integer, "abc", "ParameterInvalidInteger")]
    [InlineData(TaskParameterType.Decimal, "3,5", "ParameterInvalidDecimal")]
    [InlineData(TaskParameterType.Decimal, "1e3", "ParameterInvalidDecimal")]
    [InlineData(TaskParameterType.Decimal, "1,000.5", "ParameterInvalidDecimal")]
    [InlineData(TaskParameterType.Boolean, "maybe", "ParameterInvalidBoolean")]
    [InlineData(TaskParameterType.Boolean, "对", "ParameterInvalidBoolean")]
    [InlineData(TaskParameterType.Date, "2026-02-30", "ParameterInvalidDate")]
    [InlineData(TaskParameterType.Date, "07.12.2026", "ParameterInvalidDate")]
    [InlineData(TaskParameterType.Date, "2026-12-07T10:00", "ParameterInvalidDate")]
    public void Check_InvalidValue_NamesTheParameter(TaskParameterType type, string given, string code)
    {
        var check = ParameterValues.Check([new TaskParameter("数量", type)], Given(("数量", given)));

        var error = Assert.Single(check.Errors);
        Assert.Equal("parameters.数量", error.Field);
        Assert.Equal(code, error.Code);
        Assert.Empty(check.Values);
    }

    [Theory]
    [InlineData(5, "abcde", true)]
    [InlineData(5, "abcdef", false)]
    [InlineData(null, 10_000, true)]
    [InlineData(null, 10_001, false)]
    public void Check_TextLength_AtMostMaxLengthOrTenThousand(int? maxLength, object given, bool accepted)
    {
        var text = given as string ?? new string('x', (int)given);
        var check = ParameterValues.Check([new TaskParameter("note", TaskParameterType.Text) { MaxLength = maxLength }], Given(("note", text)));

        Assert.Equal(accepted, check.IsValid);
        if (!accepted)
        {
            Assert.Equal(new FieldError("parameters.note", "TooLong", check.Errors[0].Message, maxLength ?? 10_000), check.Errors[0]);
        }
    }

    [Fact]
    public void Check_MissingOrBlankValues_TakeDefaultsAndLeaveOutOptionalOnes()
    {
        TaskParameter[] declared =
        [
            new("region", TaskParameterType.Text) { Required = true, Default = "华东" },
            new("size", TaskParameterType.Integer) { Default = "50" },
            new("comment", TaskParameterType.Text),
            new("dry_run", TaskParameterType.Boolean) { Default = "否" },
        ];

        var check = ParameterValues.Check(declared, Given(("size", "  "), ("comment", null)));

        Assert.Empty(check.Errors);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "华东", ["size"] = "50", ["dry_run"] = "false" }, check.Values);
    }

    [Fact]
    public void Check_RequiredWithoutValueOrDefault_AndUnknownName_AreRefusedByName()
    {
        TaskParameter[] declared = [new("region", TaskParameterType.Text) { Required = true }, new("size", TaskParameterType.Integer)];

        var check = ParameterValues.Check(declared, Given(("size", "3"), ("colour", "red")));

        Assert.Equal(["parameters.region", "parameters.colour"], check.Errors.Select(e => e.Field));
        Assert.Equal(["Required", "ParameterUnknown"], check.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Check_NamesIgnoreCase_ValueKeptUnderTheDeclaredName()
    {
        var check = ParameterValues.Check([new TaskParameter("Region", TaskParameterType.Text) { Required = true }], Given(("REGION", "华北")));

        Assert.Empty(check.Errors);
        Assert.Equal("华北", check.Values["Region"]);
        Assert.Equal("Region", Assert.Single(check.Values.Keys));
    }

    [Fact]
    public void Check_NoDeclaredParametersAndNoValues_IsValidAndEmpty()
    {
        var check = ParameterValues.Check([], null);

        Assert.True(check.IsValid);
        Assert.Empty(check.Values);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Check_UnderAnyCulture_ReadsAndWritesInvariantForms(string culture)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            TaskParameter[] declared = [new("price", TaskParameterType.Decimal), new("count", TaskParameterType.Integer), new("day", TaskParameterType.Date)];

            var accepted = ParameterValues.Check(declared, Given(("price", "1234.5"), ("count", "-12"), ("day", "2026/12/07")));
            var refused = ParameterValues.Check(declared, Given(("price", "1234,5")));

            Assert.Equal(new Dictionary<string, string> { ["price"] = "1234.5", ["count"] = "-12", ["day"] = "2026-12-07" }, accepted.Values);
            Assert.Equal("ParameterInvalidDecimal", Assert.Single(refused.Errors).Code);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    private static Dictionary<string, string?> Given(params (string Name, string? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);
}
