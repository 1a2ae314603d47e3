namespace RpaWorkbench.Core.Batches;

/// <summary>
/// An uploaded sheet as a seekable stream (a workbook is a zip, read from its end): a seekable upload is used as it
/// is, any other is copied to a temporary file that deletes itself. Too large or empty files are refused.
/// </summary>
internal static class UploadedFile
{
    private const int HeadLength = 4096;

    public static async Task<Stream> OpenAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            Check(content.Length, maxBytes);
            return new NonClosingStream(content);
        }

        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (temp.Length + read > maxBytes)
                {
                    Check(temp.Length + read, maxBytes);
                }

                await temp.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            Check(temp.Length, maxBytes);
            temp.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    /// <summary>The file's kind, or a refusal (<see cref="BatchErrorCodes.UnsupportedFileType"/>) for anything but a workbook or CSV text.</summary>
    public static async Task<BatchFileFormat> FormatAsync(Stream file, string fileName, CancellationToken cancellationToken)
    {
        var head = new byte[HeadLength];
        var length = await file.ReadAtLeastAsync(head, HeadLength, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        return BatchSheetReader.Detect(fileName, head.AsSpan(0, length))
            ?? throw new RuleViolationException(BatchErrorCodes.UnsupportedFileType,
                $"\"{Path.GetFileName(fileName)}\" is neither an .xlsx workbook nor a .csv file.");
    }

    private static void Check(long length, long maxBytes)
    {
        if (length == 0)
        {
            throw new ValidationFailedException([new FieldError(BatchErrorCodes.FileField, ErrorCodes.EmptyFile, "The file is empty.")]);
        }

        if (length > maxBytes)
        {
            throw new ValidationFailedException([new FieldError(BatchErrorCodes.FileField, ErrorCodes.FileTooLarge,
                $"The file is larger than {maxBytes / 1024 / 1024} MiB (Workbench:Batches:MaxFileSizeBytes).", (int)Math.Min(maxBytes, int.MaxValue))]);
        }
    }

    /// <summary>The caller's stream, which the caller disposes.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
