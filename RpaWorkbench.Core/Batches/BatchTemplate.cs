using MiniExcelLibs;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// The template of a task's batches: one column per declared parameter, a note on each header cell with its type,
/// whether it is required, its default, maximum length and description, and one example row (the default, else a
/// sample of the type) that shows the expected form and is to be replaced by real rows.
/// </summary>
internal static class BatchTemplate
{
    public const string NotesAuthor = "RPA Workbench";

    public static void Write(Stream package, IReadOnlyList<TaskParameter> parameters)
    {
        var example = new Dictionary<string, object?>(parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            example[parameter.Name] = ExampleOf(parameter);
        }

        package.SaveAs(new[] { example }, sheetName: "batch");
        package.Position = 0;
        XlsxNotes.AddHeaderNotes(package, [.. parameters.Select(NoteOf)], NotesAuthor);
    }

    /// <summary>What the header cell's note says about its parameter, in Chinese and English.</summary>
    public static string NoteOf(TaskParameter parameter)
    {
        var lines = new List<string>
        {
            $"类型 type: {ContractName.Of(parameter.Type)}",
            parameter.Required ? "必填 required: yes" : "选填 required: no",
        };
        if (parameter.Default is { } fallback)
        {
            lines.Add($"默认 default: {fallback}");
        }

        if (parameter.MaxLength is { } max)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"最长 max length: {max}"));
        }

        if (FormatOf(parameter.Type) is { } format)
        {
            lines.Add($"格式 format: {format}");
        }

        if (parameter.Description is { } description)
        {
            lines.Add(description);
        }

        return string.Join('\n', lines);
    }

    // Numbers and yes/no as typed cells, so the example shows how Excel keeps them; dates as text in the one form accepted.
    private static object? ExampleOf(TaskParameter parameter)
    {
        var text = parameter.Default is { } fallback && ParameterValues.Parse(parameter, fallback, out var value) is null ? value : Sample(parameter.Type);
        return parameter.Type switch
        {
            TaskParameterType.Integer => long.Parse(text, CultureInfo.InvariantCulture),
            TaskParameterType.Decimal => decimal.Parse(text, CultureInfo.InvariantCulture),
            TaskParameterType.Boolean => text == "true",
            _ => text,
        };
    }

    private static string Sample(TaskParameterType type) => type switch
    {
        TaskParameterType.Integer => "1",
        TaskParameterType.Decimal => "1.5",
        TaskParameterType.Boolean => "true",
        TaskParameterType.Date => "2026-01-31",
        TaskParameterType.File => "https://example.com/file.pdf",
        _ => "text",
    };

    private static string? FormatOf(TaskParameterType type) => type switch
    {
        TaskParameterType.Boolean => "true/false, 1/0, yes/no, 是/否",
        TaskParameterType.Date => "yyyy-MM-dd",
        TaskParameterType.Decimal => "1.5 (. as the decimal point)",
        _ => null,
    };
}
