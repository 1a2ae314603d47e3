using System.Text.Json.Serialization;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>One page of a REST list: <c>{ "items": [...], "total": 123, "page": 1, "page_size": 20 }</c>; pages count from 1.</summary>
public sealed record ApiPage<T>(
    [property: JsonPropertyName("items")] IReadOnlyList<T> Items,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("page_size")] int PageSize);

/// <summary>
/// <c>page</c> (from 1) and <c>page_size</c> (1 to the resource's maximum) from the query string; a value that is no
/// number or out of range is refused naming its field (<see cref="ValidationFailedException"/>, 422).
/// </summary>
public readonly record struct ApiPaging(int Page, int PageSize)
{
    public const string PageField = "page";
    public const string PageSizeField = "page_size";
    public const int DefaultPageSize = 20;

    /// <summary>The zero-based page index the Core queries take.</summary>
    public int Index => Page - 1;

    public static ApiPaging Read(HttpRequest request, int maxPageSize, List<FieldError> errors) => new(
        QueryValues.Number(request, PageField, 1, 1, int.MaxValue / maxPageSize, errors),
        QueryValues.Number(request, PageSizeField, DefaultPageSize, 1, maxPageSize, errors));

    public ApiPage<TOut> Of<TIn, TOut>(PageResult<TIn> result, Func<TIn, TOut> map) =>
        new(result.Items.Select(map).ToList(), result.TotalCount, Page, PageSize);
}
