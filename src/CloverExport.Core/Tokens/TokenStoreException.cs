using CloverExport.Core.Clover;

namespace CloverExport.Core.Tokens;

/// <summary>A token could not be read, saved or locked (storage or Key Vault failed). Worth another attempt later.</summary>
public sealed class TokenStoreException(string message, Exception? innerException = null) : CloverException(message, innerException);
