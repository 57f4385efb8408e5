using CloverExport.Core.Planning;

namespace CloverExport.Core.Reading;

/// <summary>One object's current version as the store holds it: its JSON exactly as Clover exported it, and where it came from.</summary>
/// <param name="ModifiedTime">Clover's <c>modifiedTime</c> (epoch milliseconds), or null when the element has none.</param>
/// <param name="Window">The window (and, by its revision, the snapshot) the version was read from.</param>
public sealed record CurrentObject(string Id, long? ModifiedTime, string Json, ExportWindow Window);
