namespace CloverExport.Core.Clover;

/// <summary>An open export file: read <see cref="Content"/> as a stream, then dispose.</summary>
public sealed class CloverExportFile(Stream content, long? length, IDisposable? owner = null) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The Content-Length Clover announced, when it did.</summary>
    public long? Length { get; } = length;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }
}
