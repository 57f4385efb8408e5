namespace CloverExport.Cli.Progress;

/// <summary>Shows merchant runs while they progress: a live table on a terminal, plain lines elsewhere.</summary>
internal interface IProgressView
{
    /// <summary>Runs <paramref name="work"/>, which reports snapshots through the callback it is given.</summary>
    Task<T> ShowAsync<T>(Func<Action<IReadOnlyList<MerchantSnapshot>>, Task<T>> work);
}
