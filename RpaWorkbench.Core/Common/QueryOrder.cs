using System.Linq.Expressions;

namespace RpaWorkbench.Core.Common;

/// <summary>Ascending or descending by one key, as server-side grids ask for it.</summary>
public static class QueryOrder
{
    public static IOrderedQueryable<T> SortBy<T, TKey>(this IQueryable<T> source, Expression<Func<T, TKey>> key, bool descending) =>
        descending ? source.OrderByDescending(key) : source.OrderBy(key);
}
