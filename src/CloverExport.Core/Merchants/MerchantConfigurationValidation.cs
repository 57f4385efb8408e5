using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Hooks the <c>Merchants</c> list into the options start-up validation (ValidateOnStart), so a
/// host refuses to start on a bad entry instead of failing at the first export.
/// </summary>
internal sealed class MerchantConfigurationValidation(IConfiguration configuration) : IValidateOptions<MerchantConfigurationValidation.Marker>
{
    public ValidateOptionsResult Validate(string? name, Marker options)
    {
        var errors = MerchantConfiguration.Read(configuration).Errors;
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Options type with no settings: it only carries the validation.</summary>
    internal sealed class Marker;
}
