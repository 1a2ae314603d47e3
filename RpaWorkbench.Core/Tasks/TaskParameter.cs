using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Tasks;

/// <summary>What a task's parameter holds; a run's value arrives as text and is checked against it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskParameterType>))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The parameter types operators choose from are named integer and decimal.")]
public enum TaskParameterType
{
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("integer")]
    Integer,

    [JsonStringEnumMemberName("decimal")]
    Decimal,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("date")]
    Date,

    [JsonStringEnumMemberName("file")]
    File,
}

/// <summary>
/// One parameter a task declares: each run (a batch row, a start with values) gives it a value, or the default.
/// </summary>
public sealed record TaskParameter(string Name, TaskParameterType Type)
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 500;
    public const int MaxParameters = 100;

    public bool Required { get; init; }

    /// <summary>The value used when a run gives none, as text.</summary>
    public string? Default { get; init; }

    /// <summary>The longest value accepted (text and file parameters).</summary>
    public int? MaxLength { get; init; }

    public string? Description { get; init; }
}
