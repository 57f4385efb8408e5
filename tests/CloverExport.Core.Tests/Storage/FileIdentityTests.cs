using System.Text;
using Azure.Storage.Blobs;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloverExport.Core.Tests.Storage;

/// <summary>Export files are stored under their identity, whatever order Clover lists them in.</summary>
public sealed class FileIdentityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Merchant = "FILEMERCH01";
    private static readonly ExportWindow Window = new(ExportType.Orders, TimeBlocks.StartOf(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)), TimeBlocks.StartOf(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero)).AddDays(10));

    [Fact]
    public async Task A_list_reordered_on_a_retry_stores_every_file_once()
    {
        var clover = new ListingClover("A", "B", "C") { FailOpening = "B" };
        var (copier, blobs) = Copier(clover);
        await Assert.ThrowsAsync<IOException>(() => copier.CopyAllAsync(Merchant, Window, "EXPORT1", 3, 1, CancellationToken.None));

        clover.FailOpening = null;
        clover.Order = ["C", "B", "A"];
        var copied = await copier.CopyAllAsync(Merchant, Window, "EXPORT1", 3, 1, CancellationToken.None);

        var contents = new List<string>();
        foreach (var file in copied)
        {
            contents.Add((await blobs.GetBlobClient(file.BlobName).DownloadContentAsync()).Value.Content.ToString());
        }

        Assert.Equal(["A", "B", "C"], contents.Select(ListingClover.NameOf).Order());
        Assert.Equal(3, copied.Select(f => f.BlobName).Distinct().Count());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public async Task A_list_with_another_file_count_than_the_status_reported_fails(int listed)
    {
        var clover = new ListingClover([.. "ABCD"[..listed].Select(c => c.ToString())]);
        var (copier, blobs) = Copier(clover);

        var error = await Assert.ThrowsAsync<ExportFileListMismatchException>(() => copier.CopyAllAsync(Merchant, Window, "EXPORT2", 3, 2, CancellationToken.None));

        Assert.Contains("reported 3 files", error.Message, StringComparison.Ordinal);
        Assert.Empty(await blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = BlobLayout.WindowFolder(Merchant, Window) }).ToListAsync());
    }

    [Fact]
    public async Task A_list_naming_one_file_twice_fails()
    {
        var clover = new ListingClover("A", "B") { Order = ["A", "A"] };
        var (copier, _) = Copier(clover);

        await Assert.ThrowsAsync<ExportFileListMismatchException>(() => copier.CopyAllAsync(Merchant, Window, "EXPORT3", 2, 2, CancellationToken.None));
    }

    [Fact]
    public async Task A_retry_after_every_file_was_stored_does_not_read_the_list_again()
    {
        var clover = new ListingClover("A", "B");
        var (copier, _) = Copier(clover);
        var first = await copier.CopyAllAsync(Merchant, Window, "EXPORT4", 2, 2, CancellationToken.None);

        clover.Order = ["B"];
        var again = await copier.CopyAllAsync(Merchant, Window, "EXPORT4", 2, 2, CancellationToken.None);

        Assert.Equal(1, clover.Reads);
        Assert.Equal(first.Select(f => (f.Index, f.BlobName, f.Sha256)), again.Select(f => (f.Index, f.BlobName, f.Sha256)));
    }

    private (ExportFileCopier Copier, BlobContainerClient Blobs) Copier(ICloverExportClient clover)
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("files-" + Guid.NewGuid().ToString("N")[..8]);
        return (new ExportFileCopier(clover, new ExportContainer(blobs, gzip: false), NullLogger<ExportFileCopier>.Instance), blobs);
    }

    /// <summary>
    /// A DONE export whose file list comes in <see cref="Order"/>, each read with a fresh signed
    /// query (as Clover's links are). A file's content is its name wrapped as a one-element export file.
    /// </summary>
    private sealed class ListingClover(params string[] files) : ICloverExportClient
    {
        public IReadOnlyList<string> Order { get; set; } = files;

        public string? FailOpening { get; set; }

        public int Reads { get; private set; }

        public static string NameOf(string content) => content.Split('"')[5];

        public Task<CloverExportJob> GetExportAsync(string merchantId, string exportId, CancellationToken cancellationToken = default)
        {
            Reads++;
            var urls = Order.Select(name => new Uri($"https://files.example/exports/{exportId}/{name}.json?signature=read{Reads}")).ToList();
            return Task.FromResult(new CloverExportJob(exportId, merchantId, ExportType.Orders, CloverExportStatus.Done, "DONE", 100, Window.Start, Window.End, null, urls));
        }

        public Task<CloverExportFile> OpenFileAsync(Uri fileUrl, CancellationToken cancellationToken = default)
        {
            var name = Path.GetFileNameWithoutExtension(fileUrl.AbsolutePath);
            if (name == FailOpening)
            {
                throw new IOException("The connection was cut.");
            }

            var bytes = Encoding.UTF8.GetBytes($"{{\"elements\":[{{\"id\":\"{name}\"}}]}}");
            return Task.FromResult(new CloverExportFile(new MemoryStream(bytes), bytes.Length));
        }

        public Task<CloverExportJob> CreateExportAsync(string merchantId, ExportType type, DateTimeOffset start, DateTimeOffset endInclusive, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
