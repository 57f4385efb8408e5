using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.Api;

/// <summary>The order of a DONE export's file links on one status read.</summary>
internal static class FileList
{
    /// <param name="read">How many status reads of the export came before this one.</param>
    public static IReadOnlyList<int> Order(FileListOrder order, string exportId, int count, int read) => order switch
    {
        FileListOrder.Reversed => Enumerable.Range(0, count).Reverse().ToList(),
        FileListOrder.Shuffled => Shuffled(exportId, count, read),
        _ => Enumerable.Range(0, count).ToList(),
    };

    /// <summary>A permutation per read, never the same as the previous read's (when there are two files or more).</summary>
    private static int[] Shuffled(string exportId, int count, int read)
    {
        // Built up from the first read so "different from the previous read" holds for what was shown.
        var shown = Permutation(exportId, count, 0);
        for (var r = 1; r <= read; r++)
        {
            var next = Permutation(exportId, count, r);
            if (count > 1 && next.AsSpan().SequenceEqual(shown))
            {
                (next[0], next[1]) = (next[1], next[0]);
            }

            shown = next;
        }

        return shown;
    }

    private static int[] Permutation(string exportId, int count, int read)
    {
        var rng = new DeterministicRandom(DeterministicRandom.Mix(DeterministicRandom.Hash(exportId), read));
        var items = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)rng.Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
