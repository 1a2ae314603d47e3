namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// <c>sort</c> (a column's snake_case name, e.g. <c>last_run</c>) and <c>descending</c> (true or false) from a REST
/// list's query string; a bad value is refused naming its field (422) like every other query value.
/// </summary>
public static class ApiSorting
{
    public const string SortField = "sort";
    public const string DescendingField = "descending";

    public static (TSort Sort, bool Descending) Read<TSort>(HttpRequest request, TSort fallback, List<FieldError> errors) where TSort : struct, Enum =>
        (QueryValues.Enum<TSort>(request, SortField, errors) ?? fallback, QueryValues.Bool(request, DescendingField, errors) ?? false);
}
