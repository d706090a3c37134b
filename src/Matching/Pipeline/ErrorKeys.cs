using Azure.Data.Tables;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The keys of a stage's Errors rows, read once every few minutes per process, so that a file
/// that parses costs no Errors request unless it was in error: the Errors table is touched only
/// when there is or was an error. Rows this process writes or removes are known at once.
/// </summary>
public sealed class ErrorKeys(TableClient errors, string stage)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _keys = [];
    private DateTimeOffset? _readAt;

    public async Task<bool> ContainsAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_readAt is not { } at || DateTimeOffset.UtcNow - at > RefreshInterval)
            {
                var read = new List<string>();
                await foreach (var row in errors.QueryAsync<TableEntity>(e => e.PartitionKey == stage, select: ["RowKey"], cancellationToken: cancellationToken)) read.Add(row.RowKey);
                lock (_keys)
                {
                    _keys.Clear();
                    _keys.UnionWith(read);
                }
                _readAt = DateTimeOffset.UtcNow;
            }
        }
        finally
        {
            _gate.Release();
        }
        lock (_keys) return _keys.Contains(key);
    }

    public void Add(string key)
    {
        lock (_keys) _keys.Add(key);
    }

    public void Remove(string key)
    {
        lock (_keys) _keys.Remove(key);
    }
}
