using Azure;
using Azure.Data.Tables;

namespace CloverExport.Core.Merchants;

/// <summary>A merchant row of the merchants table (PartitionKey <c>merchant</c>, RowKey the merchant id). Never holds a token.</summary>
internal sealed class MerchantEntity : ITableEntity
{
    public const string Partition = "merchant";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Region { get; set; } = "";

    public string? DisplayName { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Comma list (ORDERS,PAYMENTS); empty for the <c>Export:Types</c> default.</summary>
    public string? Types { get; set; }

    public DateTimeOffset? BackfillStart { get; set; }

    public string? BaseUrl { get; set; }

    public string? Health { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? StatusChangedAt { get; set; }
}
