using CloverExport.Core.Merchants;

namespace CloverExport.Core.Tests;

public class MerchantIdsTests
{
    [Theory]
    [InlineData("ABCDEFGHJKMN0", true)]
    [InlineData("abcdefghjkmn0", false)]
    [InlineData("ABCDEFGHJKMN", false)]
    [InlineData("ABCDEFGHJKMN01", false)]
    [InlineData("../../etc/pas", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_accepts_only_13_upper_case_alphanumerics(string? id, bool expected) =>
        Assert.Equal(expected, MerchantIds.IsValid(id));

    [Fact]
    public void Validate_names_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => MerchantIds.Validate("bad", "merchant"));
        Assert.Equal("merchant", error.ParamName);
    }
}
