using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ClausesSociales.Storage;

/// <summary>
/// Counts the storage requests sent (retries included): the round trips a benchmark reports.
/// With <paramref name="profile"/>, also keeps each request's kind (<see cref="RequestKind"/>),
/// status, start and latency, so that a benchmark can tell which requests grow slower as the
/// tables grow.
/// </summary>
public sealed class RequestCounter(bool profile = false) : HttpPipelinePolicy
{
    private readonly List<RequestSample> _samples = [];
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The requests timed so far (empty unless profiling).</summary>
    public IReadOnlyList<RequestSample> Samples
    {
        get { lock (_samples) return [.. _samples]; }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var start = Begin();
        ProcessNext(message, pipeline);
        End(message, start);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var start = Begin();
        await ProcessNextAsync(message, pipeline);
        End(message, start);
    }

    private long Begin()
    {
        Interlocked.Increment(ref _requests);
        return Stopwatch.GetTimestamp();
    }

    private void End(HttpMessage message, long start)
    {
        if (!profile) return;
        var elapsed = Stopwatch.GetElapsedTime(start);
        var sample = new RequestSample(RequestKind.Of(message.Request), message.HasResponse ? message.Response.Status : 0, start, elapsed);
        lock (_samples) _samples.Add(sample);
    }
}

/// <summary>One storage request as sent: its kind, the status answered, when it started (a <see cref="Stopwatch"/> timestamp) and how long it took.</summary>
public sealed record RequestSample(string Kind, int Status, long StartedAt, TimeSpan Latency);
