using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// The checks of an uploaded sheet against its task's declared parameters: the header once (every column named,
/// once, after a declared parameter; every required parameter without a default present), then each row by
/// <see cref="ParameterValues.Check"/>. Errors name the row as the sheet shows it and the column as its header says.
/// </summary>
internal sealed class BatchSheetRules
{
    private readonly IReadOnlyList<TaskParameter> _declared;
    private readonly Dictionary<string, string> _headerByLetter;
    private readonly Dictionary<string, string> _headerByParameter;

    private BatchSheetRules(IReadOnlyList<TaskParameter> declared, Dictionary<string, string> headerByLetter)
    {
        _declared = declared;
        _headerByLetter = headerByLetter;
        _headerByParameter = headerByLetter.Values.ToDictionary(h => h, h => h, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The header's column names in sheet order.</summary>
    public IReadOnlyList<string> Columns => [.. _headerByLetter.Values];

    /// <summary>The rules for a sheet with this header row, or the header's errors (which refuse the whole file).</summary>
    public static (BatchSheetRules? Rules, IReadOnlyList<BatchRowError> Errors) ForHeader(IReadOnlyList<TaskParameter> declared, SheetRow header)
    {
        var errors = new List<BatchRowError>();
        var byLetter = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (letter, cell) in header.Cells)
        {
            var name = cell?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            if (!seen.Add(name))
            {
                errors.Add(new BatchRowError(header.Number, name, cell, BatchErrorCodes.DuplicateColumn, $"The column \"{name}\" appears more than once (names ignore case)."));
            }
            else if (!declared.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new BatchRowError(header.Number, name, cell, BatchErrorCodes.UnknownColumn,
                    declared.Count == 0
                        ? $"The task declares no parameters, so \"{name}\" has nowhere to go; declare them on the task first."
                        : $"The task declares no parameter \"{name}\"; its parameters are: {string.Join(", ", declared.Select(p => p.Name))}."));
            }
            else
            {
                byLetter[letter] = name;
            }
        }

        foreach (var parameter in declared.Where(p => p.Required && string.IsNullOrWhiteSpace(p.Default) && !seen.Contains(p.Name)))
        {
            errors.Add(new BatchRowError(header.Number, parameter.Name, null, BatchErrorCodes.MissingColumn,
                $"The required parameter \"{parameter.Name}\" has no column (and no default)."));
        }

        if (byLetter.Count == 0 && errors.Count == 0)
        {
            errors.Add(new BatchRowError(header.Number, "", null, BatchErrorCodes.EmptySheet, "The first row must name the columns (the task's parameters); it is empty."));
        }

        return errors.Count > 0 ? (null, errors) : (new BatchSheetRules(declared, byLetter), []);
    }

    /// <summary>A data row's values by column header and its checked parameter values, or its errors.</summary>
    public (Dictionary<string, string?> Values, ParameterCheck Check, List<BatchRowError> Errors) CheckRow(SheetRow row)
    {
        var values = new Dictionary<string, string?>(_headerByLetter.Count, StringComparer.Ordinal);
        var errors = new List<BatchRowError>();
        foreach (var (letter, cell) in row.Cells)
        {
            if (_headerByLetter.TryGetValue(letter, out var header))
            {
                values[header] = cell;
            }
            else if (!string.IsNullOrWhiteSpace(cell))
            {
                errors.Add(new BatchRowError(row.Number, letter, cell, BatchErrorCodes.UnnamedColumn,
                    $"Column {letter} has a value but no name in the header row (or a column the header refused)."));
            }
        }

        var check = ParameterValues.Check(_declared, values);
        foreach (var error in check.Errors)
        {
            var name = error.Field[(TaskParameterRules.Field.Length + 1)..];
            var column = _headerByParameter.GetValueOrDefault(name, name);
            errors.Add(new BatchRowError(row.Number, column, values.GetValueOrDefault(column), error.Code, error.Message));
        }

        return (values, check, errors);
    }
}
