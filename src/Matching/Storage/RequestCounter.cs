using Azure.Core;
using Azure.Core.Pipeline;

namespace ClausesSociales.Storage;

/// <summary>Counts the storage requests sent (retries included): the round trips a benchmark reports.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
}
