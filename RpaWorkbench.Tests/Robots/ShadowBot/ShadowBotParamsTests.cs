using System.Text.Json;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>A task's config JSON as ShadowBot job params, table by table from the documented examples.</summary>
public sealed class ShadowBotParamsTests
{
    public static TheoryData<string, string[]> Configs => new()
    {
        { """{"region": "华东"}""", ["region|华东|str"] },
        { """{"limit": 5}""", ["limit|5|int"] },
        { """{"limit": -12}""", ["limit|-12|int"] },
        { """{"rate": 0.25}""", ["rate|0.25|float"] },
        { """{"dry_run": true, "notify": false}""", ["dry_run|true|bool", "notify|false|bool"] },
        { """{"report": {"type": "file", "value": "fk-20261206-01"}}""", ["report|fk-20261206-01|file"] },
        { """{"count": {"type": "int", "value": "7"}}""", ["count|7|int"] },
        { """{"count": {"type": "str", "value": 7}}""", ["count|7|str"] },
        { """{"flag": {"type": "bool", "value": true}}""", ["flag|true|bool"] },
        { """{"note": {"type": "str", "value": null}}""", ["note||str"] },
        { """{"skip": null, "day": "2026-12-06"}""", ["day|2026-12-06|str"] },
        { """{"filters": {"shop": "云仓", "top": 3}}""", ["filters|{\"shop\": \"云仓\", \"top\": 3}|str"] },
        { """{"days": [1, 2, 3]}""", ["days|[1, 2, 3]|str"] },
        { """{}""", [] },
        { "null", [] },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void FromConfig_DocumentedExample_MapsEachPropertyToOneParam(string config, string[] expected)
    {
        using var document = JsonDocument.Parse(config);

        var parameters = ShadowBotParams.FromConfig(document.RootElement);

        Assert.Equal(expected, parameters.Select(p => $"{p.Name}|{p.Value}|{p.Type}"));
    }

    [Fact]
    public void FromConfig_NoConfig_HasNoParams() => Assert.Empty(ShadowBotParams.FromConfig(null));

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"华东\"")]
    [InlineData("42")]
    public void FromConfig_NotAnObject_IsRefusedNamingConfigJson(string config)
    {
        using var document = JsonDocument.Parse(config);

        var refused = Assert.Throws<ValidationFailedException>(() => ShadowBotParams.FromConfig(document.RootElement));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("config_json", "WrongType"), (error.Field, error.Code));
    }

    [Theory]
    [InlineData("""{"report": {"type": "date", "value": "2026-12-06"}}""")]
    [InlineData("""{"report": {"type": 3, "value": "x"}}""")]
    [InlineData("""{"report": {"type": "file"}}""")]
    [InlineData("""{"report": {"type": "str", "value": {"a": 1}}}""")]
    [InlineData("""{"report": {"type": "str", "value": [1]}}""")]
    public void FromConfig_BadTypedObject_IsRefusedNamingTheProperty(string config)
    {
        using var document = JsonDocument.Parse(config);

        var refused = Assert.Throws<ValidationFailedException>(() => ShadowBotParams.FromConfig(document.RootElement));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("config_json.report", "InvalidValue"), (error.Field, error.Code));
    }

    [Fact]
    public void FromConfig_SeveralBadProperties_NamesEachOne()
    {
        using var document = JsonDocument.Parse("""{"a": {"type": "x", "value": 1}, "ok": 1, "b": {"type": "int"}}""");

        var refused = Assert.Throws<ValidationFailedException>(() => ShadowBotParams.FromConfig(document.RootElement));

        Assert.Equal(["config_json.a", "config_json.b"], refused.Errors.Select(e => e.Field));
    }
}
