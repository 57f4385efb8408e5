using System.Buffers;
using System.Text.Json;
using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.Files;

/// <summary>
/// Streams <c>{"elements":[...]}</c> to the response object by object (never the whole file in memory),
/// optionally padding each object and spoiling the file for fault tests.
/// </summary>
internal static class ExportFileWriter
{
    private static readonly TimeSpan CutPause = TimeSpan.FromMilliseconds(200);
    private static readonly byte[] Filler = CreateFiller();
    private static readonly byte[] Open = "{\"elements\":["u8.ToArray();
    private static readonly byte[] Close = "]}"u8.ToArray();
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] Garbage = "undefined,"u8.ToArray();
    private static readonly byte[] PaddingStart = ",\"emulatorPadding\":\""u8.ToArray();
    private static readonly byte[] PaddingEnd = "\"}"u8.ToArray();

    /// <param name="objects">The file's objects, enumerated (and generated) while writing.</param>
    /// <param name="count">How many objects <paramref name="objects"/> yields.</param>
    public static async Task WriteAsync(HttpContext http, IEnumerable<IExportObject> objects, int count, int paddingBytes, FileDamage damage, CancellationToken cancellationToken)
    {
        var body = http.Response.Body;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await body.WriteAsync(Open, cancellationToken);
        if (damage == FileDamage.Malformed)
        {
            await body.WriteAsync(Garbage, cancellationToken);
        }

        var stopAt = damage is FileDamage.Cut or FileDamage.Truncate ? count / 2 : -1;
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        var index = 0;
        foreach (var o in objects)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            JsonSerializer.Serialize(json, o, o.GetType(), EmulatorJson.Options);
            if (index > 0)
            {
                await body.WriteAsync(Comma, cancellationToken);
            }

            if (index == stopAt)
            {
                // Half of an object: the JSON breaks off mid-value.
                await body.WriteAsync(buffer.WrittenMemory[..(buffer.WrittenCount / 2)], cancellationToken);
                await body.FlushAsync(cancellationToken);
                if (damage == FileDamage.Cut)
                {
                    // Abort drops output Kestrel has not yet put on the wire; a pause lets the partial body out first.
                    await Task.Delay(CutPause, cancellationToken);
                    http.Abort();
                }

                return;
            }

            await WriteObjectAsync(body, buffer.WrittenMemory, paddingBytes, cancellationToken);
            await body.FlushAsync(cancellationToken);
            index++;
        }

        await body.WriteAsync(Close, cancellationToken);
    }

    private static async Task WriteObjectAsync(Stream body, ReadOnlyMemory<byte> serialized, int paddingBytes, CancellationToken cancellationToken)
    {
        if (paddingBytes <= 0)
        {
            await body.WriteAsync(serialized, cancellationToken);
            return;
        }

        // Padding goes in as a last property, written in chunks so a 1 MB pad needs no 1 MB buffer.
        await body.WriteAsync(serialized[..^1], cancellationToken);
        await body.WriteAsync(PaddingStart, cancellationToken);
        for (var left = paddingBytes; left > 0; left -= Filler.Length)
        {
            await body.WriteAsync(Filler.AsMemory(0, Math.Min(left, Filler.Length)), cancellationToken);
        }

        await body.WriteAsync(PaddingEnd, cancellationToken);
    }

    private static byte[] CreateFiller()
    {
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)'x');
        return filler;
    }
}
