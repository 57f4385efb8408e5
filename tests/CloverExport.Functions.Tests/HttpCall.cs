using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace CloverExport.Functions.Tests;

/// <summary>Builds requests for the HTTP functions and executes their results as the host would write them.</summary>
public static class HttpCall
{
    public static HttpRequest Request(string method, string path, string? body = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("clover-export.example");
        context.Request.Path = path;
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        return context.Request;
    }

    public static async Task<HttpAnswer> ExecuteAsync(IActionResult result)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var text = Encoding.UTF8.GetString(body.ToArray());
        return new HttpAnswer(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}

/// <param name="Text">The body exactly as written (escapes included).</param>
public sealed record HttpAnswer(int Status, string? ContentType, IHeaderDictionary Headers, JsonElement? Json, string Text)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException("The response has no body.");

    /// <summary>Asserts an RFC 7807 problem with this status whose errors name <paramref name="field"/>.</summary>
    public void AssertProblem(int status, string field)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType);
        Assert.Equal(status, Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(Body.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(Body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(Body.GetProperty("detail").GetString()));
        var errors = Body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(errors.Contains(field), $"errors name {string.Join(", ", errors)}, not {field}: {Body}");
        Assert.DoesNotContain("Exception", Body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Body.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Asserts a 202 for a started run: <c>Location</c> is <paramref name="statusUrl"/> and the body is exactly
    /// <paramref name="id"/>, <paramref name="statusName"/> (the status url) and <paramref name="cancelName"/> (its <c>/cancel</c>), in that order.
    /// </summary>
    public void AssertAccepted(string statusUrl, (string Name, string Value) id, string statusName, string cancelName)
    {
        Assert.Equal(202, Status);
        Assert.Equal(statusUrl, Headers.Location.ToString());
        Assert.Equal([id.Name, statusName, cancelName], Names(Body));
        Assert.Equal(id.Value, Body.GetProperty(id.Name).GetString());
        Assert.Equal(statusUrl, Body.GetProperty(statusName).GetString());
        Assert.Equal(statusUrl + "/cancel", Body.GetProperty(cancelName).GetString());
    }

    /// <summary>The names of an object's properties, in order: for asserting a contract's exact shape.</summary>
    public static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
