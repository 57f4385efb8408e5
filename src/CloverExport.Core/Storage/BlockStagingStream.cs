using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Specialized;

namespace CloverExport.Core.Storage;

/// <summary>
/// A write-only stream that stages what is written as blocks of a block blob, a few blocks
/// uploading while the next fills, so memory stays at <c>maxBlocksInFlight + 1</c> blocks whatever
/// the file size. Nothing is visible until the caller commits <see cref="BlockIds"/>.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob, int blockSize, int maxBlocksInFlight, CancellationToken cancellationToken) : Stream
{
    private readonly List<string> blockIds = [];
    private readonly Queue<(Task Upload, byte[] Buffer)> staging = new();
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private int filled;

    public IReadOnlyList<string> BlockIds => blockIds;

    public long Length64 { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Length64;

    public override long Position
    {
        get => Length64;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken token = default)
    {
        while (!source.IsEmpty)
        {
            var take = Math.Min(blockSize - filled, source.Length);
            source[..take].CopyTo(buffer.AsMemory(filled));
            filled += take;
            Length64 += take;
            source = source[take..];
            if (filled == blockSize)
            {
                await StageCurrentAsync();
            }
        }
    }

    public override Task WriteAsync(byte[] array, int offset, int count, CancellationToken token) =>
        WriteAsync(array.AsMemory(offset, count), token).AsTask();

    // Compression streams may write synchronously; those writes only fill the buffer or stage a block.
    public override void Write(byte[] array, int offset, int count) =>
        WriteAsync(array.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Stages what is left and waits for every block to be stored.</summary>
    public async Task FinishAsync()
    {
        if (filled > 0)
        {
            await StageCurrentAsync();
        }

        while (staging.Count > 0)
        {
            await WaitForOldestAsync();
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] array, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Buffers of uploads still running (after a failure) are left to the GC, not the pool.
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private async Task StageCurrentAsync()
    {
        if (staging.Count >= maxBlocksInFlight)
        {
            await WaitForOldestAsync();
        }

        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        blockIds.Add(id);
        staging.Enqueue((StageAsync(id, buffer, filled), buffer));
        buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        filled = 0;
    }

    private async Task StageAsync(string id, byte[] data, int length)
    {
        using var content = new MemoryStream(data, 0, length, writable: false);
        await blob.StageBlockAsync(id, content, cancellationToken: cancellationToken);
    }

    private async Task WaitForOldestAsync()
    {
        var (upload, used) = staging.Peek();
        await upload;
        staging.Dequeue();
        ArrayPool<byte>.Shared.Return(used);
    }
}
