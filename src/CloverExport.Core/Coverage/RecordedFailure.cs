namespace CloverExport.Core.Coverage;

/// <summary>The last failure of one window, as the pipeline recorded it (never a token or a link: the reasons are the run result's).</summary>
public sealed record RecordedFailure(DateTimeOffset Start, DateTimeOffset End, string Reason, DateTimeOffset FailedAt);

/// <summary>The blob <c>{merchantId}/{type}/_failures.json</c>: the last failure per window, newest kept.</summary>
public sealed record FailureLogDocument(IReadOnlyList<RecordedFailure> Failures);
