namespace CloverExport.Core.Merchants;

/// <summary>
/// Onboarding refused a merchant, naming each field at fault (<see cref="MerchantFieldValidator"/>'s words,
/// which follow the field's name). Hosts map the fields to their own names; the message names them plainly.
/// </summary>
public sealed class MerchantFieldException : Exception
{
    public MerchantFieldException(IReadOnlyDictionary<MerchantField, string> errors, bool isConflict = false)
        : base(string.Join(" ", errors.Select(e => $"{e.Key} {e.Value}")))
    {
        Errors = errors;
        IsConflict = isConflict;
    }

    public MerchantFieldException(MerchantField field, string error, bool isConflict = false)
        : this(new Dictionary<MerchantField, string> { [field] = error }, isConflict)
    {
    }

    /// <summary>Per field, why it is refused.</summary>
    public IReadOnlyDictionary<MerchantField, string> Errors { get; }

    /// <summary>
    /// The fields are well-formed but the current state refuses them (the settings store cannot add a
    /// merchant, no token store is configured): HTTP 409 rather than 400.
    /// </summary>
    public bool IsConflict { get; }
}
