using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Workflows;

/// <summary>A definition as JSON (snake_case, enums as their names): the version column's text and the REST API's shape.</summary>
public static class WorkflowDefinitionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static WorkflowDefinition Deserialize(string text) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(text, Options) ?? new WorkflowDefinition();

    internal static readonly ValueConverter<WorkflowDefinition, string> Converter = new(
        definition => Serialize(definition),
        text => Deserialize(text));

    internal static readonly ValueComparer<WorkflowDefinition> Comparer = new(
        (left, right) => Serialize(left!) == Serialize(right!),
        definition => Serialize(definition).GetHashCode(StringComparison.Ordinal),
        definition => Deserialize(Serialize(definition)));
}
