using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;

namespace CloverExport.Core.Tests.Merchants;

public class MerchantFieldValidatorTests
{
    private static readonly DateTimeOffset Earliest = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MerchantRules Onboarding = new(Earliest, BaseUrlAllowed: false, TokensRequired: false);
    private static readonly MerchantRules Settings = new(Earliest, BaseUrlAllowed: true, TokensRequired: true);

    [Fact]
    public void A_good_draft_becomes_a_merchant_normalised()
    {
        var (merchant, errors) = MerchantFieldValidator.Validate(
            new MerchantDraft(" MERCHANT00001 ", " EU ") { Types = "payments, ORDERS", DisplayName = "  " }, new TokenGrant { RefreshToken = "r" }, Onboarding);

        Assert.Empty(errors);
        Assert.Equal(("MERCHANT00001", "eu", null, true), (merchant!.Id, merchant.Region, merchant.DisplayName, merchant.Enabled));
        Assert.Equal([ExportType.Payments, ExportType.Orders], merchant.Types);
    }

    [Fact]
    public void Errors_are_keyed_by_field_and_never_echo_a_token()
    {
        var (merchant, errors) = MerchantFieldValidator.Validate(
            new MerchantDraft("bad", "mars") { Types = "REFUNDS", BackfillStart = Earliest.AddDays(-1), BaseUrl = "https://api.clover.com/" },
            new TokenGrant { AccessToken = "SECRET with space", RefreshToken = new string('x', 5000) },
            Onboarding);

        Assert.Null(merchant);
        Assert.Equal(
            [MerchantField.Id, MerchantField.Region, MerchantField.Types, MerchantField.BackfillStart, MerchantField.BaseUrl, MerchantField.AccessToken, MerchantField.RefreshToken],
            errors.Keys);
        Assert.DoesNotContain(errors.Values, m => m.Contains("SECRET", StringComparison.Ordinal) || m.Contains("xxxx", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://x", "must be an absolute http(s) URL.")]
    [InlineData("http://proxy.example/", "must be https; plain http is allowed only to a loopback host (the local emulator), since tokens are sent to it.")]
    public void Settings_may_set_a_base_url_only_one_tokens_may_be_sent_to(string baseUrl, string expected)
    {
        var (_, errors) = MerchantFieldValidator.Validate(new MerchantDraft("MERCHANT00001", "us") { BaseUrl = baseUrl }, new TokenGrant { AccessToken = "t" }, Settings);

        Assert.Equal(expected, Assert.Single(errors).Value);
    }

    [Fact]
    public void Settings_without_a_token_store_need_a_token()
    {
        var (_, errors) = MerchantFieldValidator.Validate(new MerchantDraft("MERCHANT00001", "us"), null, Settings);

        Assert.Equal("is required.", errors[MerchantField.Tokens]);
    }
}
