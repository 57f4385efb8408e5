namespace CloverExport.Functions.Configuration;

/// <summary>
/// A shape check of a six-field NCRONTAB expression: enough to catch a five-field Unix cron or a
/// typo at start-up. The Functions host parses the expression itself when the timer starts.
/// </summary>
public static class NcrontabFormat
{
    public static bool IsPlausible(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && fields.All(field => field.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '/' or ',' or '-' or '?'));
    }
}
