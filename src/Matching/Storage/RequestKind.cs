using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;

namespace ClausesSociales.Storage;

/// <summary>
/// What a storage request does, told from its method, address and (for a table transaction) body:
/// "Lots get" (a point read), "Lots query" (a filter, which Azurite answers by reading the whole
/// table), "Lots upsert", "Tenders insert", "Lots batch upsert-merge" (a transaction, its action),
/// "blob raw-notices put", "create table"...
/// </summary>
public static partial class RequestKind
{
    public static string Of(Request request)
    {
        var segments = request.Uri.Path.Trim('/').Split('/', 3);
        var method = request.Method.Method.ToUpperInvariant();
        if (segments.Length < 2) return $"service {method}";
        var resource = Uri.UnescapeDataString(segments[1]);
        var isTable = request.Headers.TryGetValue("DataServiceVersion", out _);
        if (isTable && resource == "$batch") return Batch(request);
        if (isTable && resource.StartsWith("Tables", StringComparison.Ordinal)) return method == "POST" ? "create table" : $"tables {method}";
        if (isTable && TableResource().Match(resource) is { Success: true } table)
        {
            var name = table.Groups["table"].Value;
            var keyed = table.Groups["keys"].Value.Length > 0;
            return (method, keyed) switch
            {
                ("GET", true) => $"{name} get",
                ("GET", false) => $"{name} query",
                ("POST", _) => $"{name} insert",
                ("PUT", true) => $"{name} upsert-replace",
                ("MERGE" or "PATCH", true) => $"{name} upsert-merge",
                ("DELETE", true) => $"{name} delete",
                _ => $"{name} {method}",
            };
        }
        // Blobs and queues: the container or queue, and what is done to it.
        var service = request.Uri.Query.Contains("restype=container", StringComparison.Ordinal) ? "container"
            : segments.Length > 2 && segments[2] == "messages" ? "queue" : "blob";
        return $"{service} {resource} {method.ToLowerInvariant()}";
    }

    /// <summary>A table transaction: its table and the kinds of action it holds, read from its multipart body.</summary>
    private static string Batch(Request request)
    {
        if (request.Content is null) return "batch";
        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        var actions = BatchAction().Matches(text)
            .Select(m => (Method: m.Groups["method"].Value, Table: m.Groups["table"].Value, Keyed: m.Groups["keys"].Value.Length > 0))
            .ToList();
        if (actions.Count == 0) return "batch";
        var kinds = actions.Select(a => a.Method switch
        {
            "PUT" => "upsert-replace",
            "MERGE" or "PATCH" => "upsert-merge",
            "POST" => "insert",
            "DELETE" => "delete",
            _ => a.Method.ToLowerInvariant(),
        }).Distinct().Order(StringComparer.Ordinal);
        return $"{actions[0].Table} batch {string.Join("+", kinds)}";
    }

    [GeneratedRegex(@"^(?<table>[A-Za-z][A-Za-z0-9]*)(?:\((?<keys>[^)]*)\))?$")]
    private static partial Regex TableResource();

    [GeneratedRegex(@"^(?<method>PUT|MERGE|PATCH|POST|DELETE|GET) https?://[^/\s]+/[^/\s]+/(?<table>[A-Za-z][A-Za-z0-9]*)(?:\((?<keys>[^)]*)\))?", RegexOptions.Multiline)]
    private static partial Regex BatchAction();
}
