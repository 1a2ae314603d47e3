namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// Reads a proxied body, counting: a read that takes it past <paramref name="maxBytes"/> throws
/// <see cref="ResourceTooLargeException"/> instead of returning those bytes, and a read still waiting when
/// <paramref name="deadline"/> passes throws <see cref="TimeoutException"/>. Read-only, forward-only.
/// </summary>
internal sealed class CappedStream(Stream inner, long maxBytes, CancellationToken deadline) : Stream
{
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, both.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("The storage did not send the whole resource in time.");
        }

        _total += read;
        return _total > maxBytes ? throw new ResourceTooLargeException(maxBytes) : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The proxied body is read asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
