using System.Collections;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// A task's parameter declarations that compare by content, so a task row read again equals the row on screen (the
/// grid keeps its DOM rows by row equality; a list compared by reference made every reload rebuild them).
/// </summary>
public sealed class TaskParameterList(IReadOnlyList<TaskParameter> parameters) : IReadOnlyList<TaskParameter>
{
    public TaskParameter this[int index] => parameters[index];

    public int Count => parameters.Count;

    public IEnumerator<TaskParameter> GetEnumerator() => parameters.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override bool Equals(object? obj) => obj is IReadOnlyList<TaskParameter> other && parameters.SequenceEqual(other);

    public override int GetHashCode() => parameters.Aggregate(0, HashCode.Combine);
}
