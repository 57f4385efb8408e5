namespace CloverExport.Functions.Http;

/// <summary>
/// RFC 7807 problem details. <see cref="Errors"/> names each offending field (request body fields,
/// route or query parameters) with its messages; it is empty when no single field is at fault.
/// </summary>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public const string ContentType = "application/problem+json";

    private const string TypeBase = "https://clover-export/problems/";

    public static ApiProblem Validation(string field, string message) =>
        new(TypeBase + "validation", "The request is invalid.", 400, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(TypeBase + "validation", "The request is invalid.", 400, string.Join(" ", errors.SelectMany(e => e.Value)), errors);

    public static ApiProblem NotFound(string field, string message) =>
        new(TypeBase + "not-found", "Not found.", 404, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblem Conflict(string field, string message) =>
        new(TypeBase + "conflict", "Conflict with the current state.", 409, message, new Dictionary<string, string[]> { [field] = [message] });
}
