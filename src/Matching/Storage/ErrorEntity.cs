namespace ClausesSociales.Storage;

/// <summary>A rejected input in the Errors table: partition = the stage, row = the input's name.</summary>
public sealed class ErrorEntity : TableRow
{

    public string Stage { get; set; } = "";
    public string BlobName { get; set; } = "";
    public string? QuarantineBlob { get; set; }
    public string Reason { get; set; } = "";
    public int? Line { get; set; }
    public int? Column { get; set; }
    public long Size { get; set; }
}
