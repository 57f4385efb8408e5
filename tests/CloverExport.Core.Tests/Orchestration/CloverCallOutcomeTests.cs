using System.Net;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloverExport.Core.Tests.Orchestration;

/// <summary>How the Clover-calling activities classify the client's errors for the window orchestrator.</summary>
public sealed class CloverCallOutcomeTests
{
    [Theory]
    [InlineData("authorization 401", CloverCallOutcome.Rejected)]
    [InlineData("authorization 404", CloverCallOutcome.Rejected)]
    [InlineData("argument", CloverCallOutcome.Rejected)]
    [InlineData("api 400", CloverCallOutcome.Rejected)]
    [InlineData("api 422", CloverCallOutcome.Rejected)]
    [InlineData("api 404", CloverCallOutcome.Failed)]
    [InlineData("api 408", CloverCallOutcome.Unreachable)]
    [InlineData("api 500", CloverCallOutcome.Unreachable)]
    [InlineData("transport", CloverCallOutcome.Unreachable)]
    [InlineData("unavailable", CloverCallOutcome.Wait)]
    [InlineData("merchant gone", CloverCallOutcome.MerchantGone)]
    public async Task Each_client_error_becomes_the_outcome_the_orchestrator_branches_on(string error, CloverCallOutcome expected)
    {
        var activity = new GetExportStatusActivity(new ThrowingClient(Make(error)), NullLogger<GetExportStatusActivity>.Instance);

        var result = await activity.ExecuteAsync(new ExportStatusRequest("MERCHANTAAAA1", "EXPORT1"), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
    }

    private static Exception Make(string error) => error.Split(' ') switch
    {
        ["authorization", var status] => new CloverAuthorizationException((HttpStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), "no"),
        ["argument"] => new ArgumentException("bad range"),
        ["api", var status] => new CloverApiException((HttpStatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), "answer"),
        ["transport"] => new CloverTransportException("no route"),
        ["unavailable"] => new CloverUnavailableException(CloverUnavailableReason.ClosedHours, DateTimeOffset.UnixEpoch, "closed"),
        ["merchant", "gone"] => new MerchantNotFoundException("MERCHANTAAAA1", "removed"),
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    private sealed class ThrowingClient(Exception error) : ICloverExportClient
    {
        public Task<CloverExportJob> CreateExportAsync(string merchantId, ExportType type, DateTimeOffset start, DateTimeOffset endInclusive, CancellationToken cancellationToken = default) =>
            Task.FromException<CloverExportJob>(error);

        public Task<CloverExportJob> GetExportAsync(string merchantId, string exportId, CancellationToken cancellationToken = default) =>
            Task.FromException<CloverExportJob>(error);

        public Task<CloverExportFile> OpenFileAsync(Uri fileUrl, CancellationToken cancellationToken = default) =>
            Task.FromException<CloverExportFile>(error);
    }
}
