namespace RpaWorkbench.Web.Components.Lists;

/// <summary>
/// The grid columns (by property name) a service can sort on, and the service's sort for a grid state: the first sort
/// definition's column, or <c>fallback</c> (ascending unless <c>descendingByDefault</c>) when there is none or the
/// column is not sortable on the server.
/// </summary>
public sealed class SortColumns<TSort>(TSort fallback, bool descendingByDefault = false) where TSort : struct, Enum
{
    private readonly Dictionary<string, TSort> _columns = new(StringComparer.Ordinal);

    public TSort this[string column]
    {
        get => _columns[column];
        set => _columns[column] = value;
    }

    public (TSort By, bool Descending) Of<TRow>(GridState<TRow> state) =>
        state.SortDefinitions.FirstOrDefault() is { } sort
            ? (_columns.GetValueOrDefault(sort.SortBy, fallback), sort.Descending)
            : (fallback, descendingByDefault);
}
