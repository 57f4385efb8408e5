using System.Buffers;
using System.Text.Json;

namespace CloverExport.Core.Storage;

/// <summary>
/// Follows an export file <c>{"elements":[...]}</c> chunk by chunk, counting the elements without
/// holding the file: a truncated or malformed file is detected at the latest by <see cref="Complete"/>.
/// </summary>
public sealed class ExportFileReader : IDisposable
{
    private static readonly byte[] ElementsName = "elements"u8.ToArray();

    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 256 });
    private byte[] carry = [];
    private int carryLength;
    private bool sawRoot;
    private bool rootClosed;
    private bool expectElementsArray;
    private bool inElements;
    private bool sawElements;

    public long ElementCount { get; private set; }

    /// <summary>Reads the next chunk of the file.</summary>
    /// <exception cref="InvalidDataException">The bytes so far are not an export file.</exception>
    public void Append(ReadOnlySpan<byte> chunk) => Read(chunk, isFinalBlock: false);

    /// <summary>Call at the end of the file.</summary>
    /// <exception cref="InvalidDataException">The file ended early or is not <c>{"elements":[...]}</c>.</exception>
    public void Complete()
    {
        Read([], isFinalBlock: true);
        if (!rootClosed || !sawElements)
        {
            throw new InvalidDataException("The export file is truncated or has no \"elements\" array.");
        }
    }

    public void Dispose()
    {
        if (carry.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(carry);
            carry = [];
        }
    }

    private void Read(ReadOnlySpan<byte> chunk, bool isFinalBlock)
    {
        byte[]? combined = null;
        var data = chunk;
        if (carryLength > 0)
        {
            // Join the unfinished token from the previous chunk with this one.
            combined = ArrayPool<byte>.Shared.Rent(carryLength + chunk.Length);
            carry.AsSpan(0, carryLength).CopyTo(combined);
            chunk.CopyTo(combined.AsSpan(carryLength));
            data = combined.AsSpan(0, carryLength + chunk.Length);
        }

        try
        {
            var reader = new Utf8JsonReader(data, isFinalBlock, state);
            while (reader.Read())
            {
                Observe(ref reader);
            }

            state = reader.CurrentState;
            Keep(data[(int)reader.BytesConsumed..]);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The export file is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            if (combined is not null)
            {
                ArrayPool<byte>.Shared.Return(combined);
            }
        }
    }

    private void Observe(ref Utf8JsonReader reader)
    {
        if (rootClosed)
        {
            throw new InvalidDataException("The export file has data after its closing brace.");
        }

        var depth = reader.CurrentDepth;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when depth == 0:
                sawRoot = true;
                return;
            case JsonTokenType.EndObject when depth == 0:
                rootClosed = true;
                return;
            case JsonTokenType.PropertyName when depth == 1:
                expectElementsArray = reader.ValueTextEquals(ElementsName);
                return;
            case JsonTokenType.StartArray when depth == 1 && expectElementsArray:
                inElements = true;
                sawElements = true;
                expectElementsArray = false;
                return;
            case JsonTokenType.EndArray when depth == 1 && inElements:
                inElements = false;
                return;
        }

        if (!sawRoot)
        {
            throw new InvalidDataException("The export file does not start with a JSON object.");
        }

        if (depth == 1 && expectElementsArray)
        {
            throw new InvalidDataException("The export file's \"elements\" is not an array.");
        }

        if (inElements && depth == 2 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName))
        {
            ElementCount++;
        }
    }

    private void Keep(ReadOnlySpan<byte> rest)
    {
        if (rest.Length > carry.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(rest.Length);
            if (carry.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(carry);
            }

            carry = bigger;
        }

        rest.CopyTo(carry);
        carryLength = rest.Length;
    }
}
