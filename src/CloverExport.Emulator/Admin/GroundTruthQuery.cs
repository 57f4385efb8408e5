using System.Security.Cryptography;
using System.Text.Json;
using CloverExport.Emulator.Data;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Admin;

/// <summary>Builds <see cref="GroundTruthSnapshot"/>s from the same selection exports use.</summary>
internal static class GroundTruthQuery
{
    /// <param name="asOfMs">Default: the emulator clock now.</param>
    public static GroundTruthSnapshot Build(EmulatorState state, string merchantId, string type, long startMs, long endMsInclusive, long? asOfMs, FilterField field)
    {
        if (!state.Merchants.TryGetValue(merchantId, out var merchant))
        {
            throw new ArgumentException($"Unknown merchant {merchantId}.", nameof(merchantId));
        }

        if (!ExportTypes.IsValid(type))
        {
            throw new ArgumentException("type must be ORDERS or PAYMENTS.", nameof(type));
        }

        var asOf = asOfMs ?? state.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var data = merchant.Data;
        var selection = new ExportSelection(type, startMs, endMsInclusive, field, asOf);
        var objects = data.Select(selection).Select(o =>
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(o, o.GetType(), EmulatorJson.Options);
            return new GroundTruthObject(o.Id, o.CreatedTime, o.ModifiedTime, Convert.ToHexStringLower(SHA256.HashData(json)), System.Text.Encoding.UTF8.GetString(json));
        }).ToList();
        var deleted = new List<DeletedObject>();
        if (data.Changes.Enabled)
        {
            foreach (var day in data.SelectionDays(selection))
            {
                foreach (var o in data.GenerateDay(day).Of(type))
                {
                    if (data.Changes.DeletedTime(o) is { } at && at <= asOf &&
                        (field == FilterField.CreatedTime ? o.CreatedTime : at) is var time && time >= startMs && time <= endMsInclusive)
                    {
                        deleted.Add(new DeletedObject(o.Id, o.CreatedTime, at));
                    }
                }
            }
        }

        return new GroundTruthSnapshot(merchantId, type, field, asOf, objects, deleted);
    }
}
