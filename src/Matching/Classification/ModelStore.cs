using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using ClausesSociales.Storage;

namespace ClausesSociales.Classification;

/// <summary>
/// Model versions in Blob Storage: models/lots/{version}.zip (the model served), models/lots/{version}.metrics.json
/// (metrics and training-set hash), models/lots/{version}.measured.zip (the model its metrics measured,
/// trained on the split's 70%: what the next retraining is compared with), and models/lots/current.json
/// naming the promoted version.
/// The current model is loaded once per process and reloaded when the pointer changes.
/// </summary>
public sealed class ModelStore(ClausesStorage storage)
{
    private const string Folder = "lots";
    private (string Version, LotModel Model)? _loaded;

    /// <summary>Saves a version: the model served, its metrics, and the model those metrics measured when it is another.</summary>
    public async Task<string> SaveAsync(LotModel model, object metrics, CancellationToken cancellationToken, LotModel? measured = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var container = storage.Container(StorageNames.Models);
        async Task UploadAsync(LotModel m, string name)
        {
            using var buffer = new MemoryStream();
            m.Save(buffer);
            buffer.Position = 0;
            await container.GetBlobClient($"{Folder}/{name}").UploadAsync(buffer, overwrite: true, cancellationToken);
        }
        if (measured is not null) await UploadAsync(measured, $"{model.Info.Version}.measured.zip");
        await UploadAsync(model, $"{model.Info.Version}.zip");
        await container.GetBlobClient($"{Folder}/{model.Info.Version}.metrics.json").UploadAsync(
            BinaryData.FromString(JsonSerializer.Serialize(new { model.Info, metrics }, LotModel.Json)), overwrite: true, cancellationToken);
        return model.Info.Version;
    }

    public async Task PromoteAsync(string version, CancellationToken cancellationToken)
    {
        var pointer = new CurrentModel(version, DateTimeOffset.UtcNow);
        await storage.Container(StorageNames.Models).GetBlobClient($"{Folder}/current.json")
            .UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(pointer, LotModel.Json)), overwrite: true, cancellationToken);
    }

    public async Task<CurrentModel?> CurrentAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        try
        {
            var content = await storage.Container(StorageNames.Models).GetBlobClient($"{Folder}/current.json").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<CurrentModel>(LotModel.Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The promoted model, or null when none was trained yet.</summary>
    public async Task<LotModel?> LoadCurrentAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } current) return null;
        if (_loaded is { } loaded && loaded.Version == current.Version) return loaded.Model;
        var model = await LoadAsync(current.Version, cancellationToken);
        _loaded = (current.Version, model);
        return model;
    }

    /// <summary>
    /// What a retraining's candidate is compared with: the promoted version's measured model (trained
    /// on its split's 70%, so the notices a new split holds apart are mostly new to it), or the
    /// promoted model itself when it was saved without one; null when none was promoted.
    /// </summary>
    public async Task<LotModel?> LoadCurrentMeasuredAsync(CancellationToken cancellationToken) =>
        await CurrentAsync(cancellationToken) is { } current ? await LoadMeasuredAsync(current.Version, cancellationToken) : null;

    /// <summary>The model a version's metrics measured, or the version's model when it was saved without one.</summary>
    public async Task<LotModel> LoadMeasuredAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadAsync(version + ".measured", cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await LoadAsync(version, cancellationToken);
        }
    }

    /// <summary>The metrics recorded with a version (its evaluation, the baseline's, the current model's when it was trained, the promotion decision).</summary>
    public async Task<JsonDocument> MetricsAsync(string version, CancellationToken cancellationToken)
    {
        var content = await storage.Container(StorageNames.Models).GetBlobClient($"{Folder}/{version}.metrics.json").DownloadContentAsync(cancellationToken);
        return JsonDocument.Parse(content.Value.Content.ToMemory());
    }

    /// <summary>
    /// Every version trained, promoted or not, with its training-set size and held-out ROC-AUC per
    /// label, smallest training set first: how the metrics move as stored notices with declared
    /// markers and buyers' answers become training data (a learning curve by training-set size).
    /// </summary>
    public async Task<IReadOnlyList<TrainedVersion>> VersionsAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var container = storage.Container(StorageNames.Models);
        var versions = new List<TrainedVersion>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{Folder}/", cancellationToken))
        {
            if (!blob.Name.EndsWith(".metrics.json", StringComparison.Ordinal)) continue;
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
            using var document = JsonDocument.Parse(content.Value.Content.ToMemory());
            var root = document.RootElement;
            if (!root.TryGetProperty("info", out var info) || !info.TryGetProperty("version", out var version)) continue;
            var aucs = new Dictionary<string, double>();
            var positives = new Dictionary<string, int>();
            var metrics = root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;
            if (metrics?.TryGetProperty("evaluation", out var evaluation) == true && evaluation.ValueKind == JsonValueKind.Object)
            {
                foreach (var label in evaluation.EnumerateObject())
                {
                    if (label.Value.TryGetProperty("rocAuc", out var auc) && auc.ValueKind == JsonValueKind.Number) aucs[label.Name] = auc.GetDouble();
                    if (label.Value.TryGetProperty("positives", out var p) && p.ValueKind == JsonValueKind.Number) positives[label.Name] = p.GetInt32();
                }
            }
            var promoted = metrics?.TryGetProperty("promoted", out var pr) == true && pr.ValueKind is JsonValueKind.True;
            var why = metrics?.TryGetProperty("why", out var reason) == true && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
            versions.Add(new TrainedVersion(version.GetString() ?? "", info.TryGetProperty("trainingLots", out var lots) ? lots.GetInt32() : 0, aucs, positives, promoted, why));
        }
        return versions.OrderBy(v => v.TrainingLots).ThenBy(v => v.Version, StringComparer.Ordinal).ToList();
    }

    public async Task<LotModel> LoadAsync(string version, CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.Models).GetBlobClient($"{Folder}/{version}.zip");
        using var buffer = new MemoryStream();
        await blob.DownloadToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return LotModel.Load(buffer);
    }
}

public sealed record CurrentModel(string Version, DateTimeOffset PromotedAt);

/// <summary>One trained version: its training-set size and its held-out ROC-AUC and positives per label.</summary>
/// <param name="Why">Why a retraining promoted the version or kept the one in service, in French (none for a model trained by `clauses train`).</param>
public sealed record TrainedVersion(string Version, int TrainingLots, IReadOnlyDictionary<string, double> RocAuc, IReadOnlyDictionary<string, int> TestPositives, bool Promoted, string? Why = null);
