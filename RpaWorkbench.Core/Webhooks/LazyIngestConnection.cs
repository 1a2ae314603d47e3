using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// A store's <see cref="IngestConnection"/> with the store's own statements on it (<typeparamref name="T"/>): opened
/// with the first batch, kept for every batch after it, closed after a failed one.
/// </summary>
internal sealed class LazyIngestConnection<T>(
    IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time, Func<IngestConnection, T> prepare)
{
    private (IngestConnection Connection, T Statements)? _open;

    /// <summary>The open connection, opening it (and preparing the statements) if it is not.</summary>
    public (IngestConnection Connection, T Statements) Open()
    {
        if (_open is null)
        {
            var connection = new IngestConnection(contexts, time);
            try
            {
                _open = (connection, prepare(connection));
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        return _open.Value;
    }

    /// <summary>The connection the batch began on.</summary>
    public (IngestConnection Connection, T Statements) Current => _open ?? throw new InvalidOperationException("Begin the batch first.");

    public void Close()
    {
        _open?.Connection.Dispose();
        _open = null;
    }
}
