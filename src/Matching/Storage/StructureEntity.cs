using ClausesSociales.Structures;

namespace ClausesSociales.Storage;

/// <summary>A structure in the Structures table: one partition, row = SIRET, so that re-import updates and never duplicates.</summary>
public sealed class StructureEntity : TableRow
{
    public const string Partition = "structure";

    public StructureEntity() => PartitionKey = Partition;

    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Naf { get; set; }
    public string? Address { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string Department { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public string? SizeBand { get; set; }
    public string? Activities { get; set; }
    public string Area { get; set; } = "";

    public static StructureEntity From(Structure s) => new()
    {
        RowKey = s.Siret,
        Name = s.Name,
        Kind = s.Kind.ToString(),
        Naf = s.Naf,
        Address = s.Address,
        PostalCode = s.PostalCode,
        City = s.City,
        Department = s.Department,
        Latitude = s.Latitude,
        Longitude = s.Longitude,
        SizeBand = s.SizeBand,
        Activities = s.Activities.Count == 0 ? null : string.Join(" ", s.Activities),
        Area = s.Area.ToString(),
    };

    public Structure ToStructure() => new(
        RowKey, Name, Enum.Parse<StructureKind>(Kind), Naf, Address, PostalCode, City, Department, Latitude, Longitude, SizeBand,
        Activities?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        ServiceArea.TryParse(Area, out var area) ? area : ServiceArea.Radius(Enum.Parse<StructureKind>(Kind).DefaultRadiusKm()));
}
