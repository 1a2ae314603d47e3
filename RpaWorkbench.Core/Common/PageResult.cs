namespace RpaWorkbench.Core.Common;

/// <summary>One page of a server-side list and the number of rows that match the filter.</summary>
public sealed record PageResult<T>(IReadOnlyList<T> Items, int TotalCount);
