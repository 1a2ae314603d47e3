using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>One row of the task dialog's parameters table as the operator edits it; <see cref="ToParameter"/> is what is saved.</summary>
public sealed class TaskParameterForm
{
    public string? Name { get; set; }
    public TaskParameterType Type { get; set; }
    public bool Required { get; set; }
    public string? Default { get; set; }
    public int? MaxLength { get; set; }
    public string? Description { get; set; }

    /// <summary>Only text and file values have a length limit.</summary>
    public bool HasMaxLength => Type is TaskParameterType.Text or TaskParameterType.File;

    public static TaskParameterForm From(TaskParameter parameter) => new()
    {
        Name = parameter.Name,
        Type = parameter.Type,
        Required = parameter.Required,
        Default = parameter.Default,
        MaxLength = parameter.MaxLength,
        Description = parameter.Description,
    };

    // A limit left behind when the type changes to one without lengths is not sent.
    public TaskParameter ToParameter() => new(Name ?? "", Type)
    {
        Required = Required,
        Default = Default,
        MaxLength = HasMaxLength ? MaxLength : null,
        Description = Description,
    };
}
