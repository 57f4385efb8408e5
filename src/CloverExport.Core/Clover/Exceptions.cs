namespace CloverExport.Core.Clover;

internal static class Exceptions
{
    /// <summary>The first inner exception of type <typeparamref name="T"/> (HttpClient wraps handler errors).</summary>
    public static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
