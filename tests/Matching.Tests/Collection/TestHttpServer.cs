using System.Net;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Collection;

/// <summary>A real HTTP server on a free loopback port that answers with the given function and records the requests.</summary>
public sealed class TestHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<string> _requests = [];

    public TestHttpServer(Func<HttpListenerContext, Task> answer)
    {
        BaseUrl = $"http://127.0.0.1:{Loopback.FreePort()}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                lock (_requests) _requests.Add($"{context.Request.HttpMethod} {context.Request.Url!.PathAndQuery}");
                try { await answer(context); }
                catch (Exception) { context.Response.StatusCode = 500; }
                finally { context.Response.Close(); }
            }
        });
    }

    public string BaseUrl { get; }

    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public static async Task WriteAsync(HttpListenerContext context, string contentType, string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = contentType;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
