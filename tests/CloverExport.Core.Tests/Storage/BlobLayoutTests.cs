using CloverExport.Core.Planning;
using CloverExport.Core.Storage;

namespace CloverExport.Core.Tests.Storage;

public class BlobLayoutTests
{
    private static readonly ExportWindow Window = new(ExportType.Payments,
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 23, 59, 59, 999, TimeSpan.Zero));

    [Theory]
    [InlineData(0, "manifest.json")]
    [InlineData(1, "manifest.r0001.json")]
    [InlineData(12, "manifest.r0012.json")]
    public void Each_snapshot_has_its_own_manifest_in_the_window_folder_and_reads_back(int revision, string file)
    {
        var name = BlobLayout.ManifestName("MERCHANT00001", Window with { Revision = revision });

        Assert.Equal("MERCHANT00001/payments/2026/11/20261101T000000000Z_20261101T235959999Z/" + file, name);
        Assert.True(BlobLayout.TryParseManifestName(name, ExportType.Payments, out var parsed));
        Assert.Equal(Window with { Revision = revision }, parsed);
    }

    [Theory]
    [InlineData("manifest.r0000.json")]
    [InlineData("manifest.r1.json")]
    [InlineData("manifest.rabcd.json")]
    [InlineData("part-00001-X.json")]
    public void Other_names_are_not_manifests(string file)
    {
        Assert.False(BlobLayout.IsManifestFile(file));
        Assert.False(BlobLayout.TryParseManifestName(BlobLayout.WindowFolder("MERCHANT00001", Window) + file, ExportType.Payments, out _));
    }
}
