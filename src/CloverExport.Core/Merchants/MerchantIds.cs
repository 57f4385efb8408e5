using System.Diagnostics.CodeAnalysis;

namespace CloverExport.Core.Merchants;

/// <summary>Clover merchant ids: exactly 13 upper-case ASCII letters or digits.</summary>
public static class MerchantIds
{
    public const int Length = 13;

    public static bool IsValid([NotNullWhen(true)] string? value) =>
        value is { Length: Length } && value.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when the id is malformed.</summary>
    public static void Validate([NotNull] string? value, string parameterName = "merchantId")
    {
        if (!IsValid(value))
        {
            throw new ArgumentException(
                $"'{parameterName}' must be a Clover merchant id: {Length} upper-case letters or digits.", parameterName);
        }
    }
}
