namespace CloverExport.Emulator.Data;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed forever (System.Random's algorithm is not a
/// documented contract), so the same seed gives the same synthetic data on every run and runtime.
/// </summary>
internal struct DeterministicRandom(ulong seed)
{
    private const string IdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private ulong state = seed;

    public static ulong Mix(long a, long b)
    {
        var r = new DeterministicRandom(unchecked(((ulong)a * 0x9E3779B97F4A7C15UL) ^ (ulong)b));
        return r.NextUInt64();
    }

    /// <summary>FNV-1a of a string: stable across processes, unlike string.GetHashCode.</summary>
    public static long Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [min, max).</summary>
    public long Next(long min, long max) => min + (long)(NextUInt64() % (ulong)(max - min));

    /// <summary>True with the given percent probability.</summary>
    public bool Chance(int percent) => Next(0, 100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[(int)Next(0, items.Count)];

    /// <summary>A 13-character upper-case alphanumeric id, like Clover's.</summary>
    public string NextId()
    {
        Span<char> chars = stackalloc char[13];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = IdAlphabet[(int)Next(0, IdAlphabet.Length)];
        }

        return new string(chars);
    }
}
