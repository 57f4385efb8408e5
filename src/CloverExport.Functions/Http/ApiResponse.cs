using System.Text.Json;

namespace CloverExport.Functions.Http;

/// <summary>A JSON response written with <see cref="ApiJson.Options"/>; needs no MVC services, so tests can execute it on a bare HttpContext.</summary>
public sealed class ApiResponse(int statusCode, object? body, string contentType = "application/json") : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;

    public string ContentType { get; } = contentType;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Body is not null)
        {
            response.ContentType = ContentType;
            await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), ApiJson.Options, context.HttpContext.RequestAborted);
        }
    }

    public static ApiResponse Json(int statusCode, object body) => new(statusCode, body);

    /// <summary>202 for a run that was started: where to watch it, and how soon to look.</summary>
    public static ApiResponse Accepted(object body, string statusUrl)
    {
        var response = new ApiResponse(StatusCodes.Status202Accepted, body);
        response.Headers["Location"] = statusUrl;
        response.Headers["Retry-After"] = "10";
        return response;
    }

    public static ApiResponse Problem(ApiProblem problem) => new(problem.Status, problem, ApiProblem.ContentType);
}
