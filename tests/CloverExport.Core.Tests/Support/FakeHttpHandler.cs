using System.Diagnostics;
using System.Net;
using System.Text;

namespace CloverExport.Core.Tests.Support;

/// <summary>A request as the fake handler saw it (copied, since the message is disposed afterwards).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body, HttpRequestMessage Message);

/// <summary>Answers requests from a queue of scripted responses and records every request.</summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> script = new();
    private readonly List<RecordedRequest> requests = [];

    /// <summary>Used once the script is exhausted; by default an unscripted request fails the test.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Fallback { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public int Count => Requests.Count;

    public FakeHttpHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        lock (script)
        {
            script.Enqueue(respond);
        }

        return this;
    }

    public FakeHttpHandler Then(Func<HttpResponseMessage> respond) => Then((_, _) => Task.FromResult(respond()));

    public FakeHttpHandler Then(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null) =>
        Then(() => Response(status, json, configure));

    public FakeHttpHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>An answer that never comes (a server that accepted the request and went silent) until the request is cancelled.</summary>
    public static async Task<HttpResponseMessage> NeverAnswers(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new UnreachableException();
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(response);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (requests)
        {
            requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body, request));
        }

        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? next;
        lock (script)
        {
            script.TryDequeue(out next);
        }

        next ??= Fallback ?? throw new InvalidOperationException($"Unscripted request {request.Method} {request.RequestUri}");
        var response = await next(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
