namespace ClausesSociales.Notices;

/// <summary>
/// The social, reserved, green and innovation markers a buyer declared for a lot, as codes.
/// eForms codes are kept as they are (BT-06 <c>soc-obj</c>/<c>env-imp</c>/<c>inn-pur</c>, BT-775, BT-774,
/// BT-805, BT-71 <c>res-ws</c>/<c>res-pub-ser</c>); the other formats are mapped onto the same
/// vocabulary where the meaning is the same (see <see cref="MarkerCodes"/>).
/// </summary>
public sealed record Markers(
    IReadOnlyList<string> Social,
    IReadOnlyList<string> Reserved,
    IReadOnlyList<string> Green,
    IReadOnlyList<string> Innovation)
{
    public static readonly Markers None = new([], [], [], []);

    /// <summary>
    /// The labels ("social", "reserved", "green") the form cannot declare or the text rules cannot read
    /// (a TED R2 award notice has no reservation section; a Polish notice's conditions are not read):
    /// for them, no marker means unknown, not "declared none".
    /// </summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];

    public bool IsEmpty => Social.Count == 0 && Reserved.Count == 0 && Green.Count == 0 && Innovation.Count == 0;

    /// <summary>Whether the label can be read as declared or not: it has a marker, or the form could declare it.</summary>
    public bool Knows(string label) => !Unknown.Contains(label) || label switch
    {
        DeclarableLabels.Social => Social.Count > 0,
        DeclarableLabels.Reserved => Reserved.Count > 0,
        DeclarableLabels.Green => Green.Count > 0,
        _ => false,
    };

    public Markers Merge(Markers other) => new(
        Union(Social, other.Social),
        Union(Reserved, other.Reserved),
        Union(Green, other.Green),
        Union(Innovation, other.Innovation))
    {
        Unknown = Union(Unknown, other.Unknown),
    };

    /// <summary>The same markers with labels marked unknown.</summary>
    public Markers WithUnknown(params IEnumerable<string> labels) => this with { Unknown = Union(Unknown, labels.ToArray()) };

    private static IReadOnlyList<string> Union(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        b.Count == 0 ? a : a.Count == 0 ? b : a.Concat(b).Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>Builds <see cref="Markers"/> while reading a notice, ignoring duplicates and "none" answers.</summary>
public sealed class MarkersBuilder
{
    private readonly List<string> _social = [];
    private readonly List<string> _reserved = [];
    private readonly List<string> _green = [];
    private readonly List<string> _innovation = [];

    public MarkersBuilder Social(string code) => Add(_social, code);
    public MarkersBuilder Reserved(string code) => Add(_reserved, code);
    public MarkersBuilder Green(string code) => Add(_green, code);
    public MarkersBuilder Innovation(string code) => Add(_innovation, code);

    /// <summary>Sorts a BT-06 strategic procurement code into its list.</summary>
    public MarkersBuilder StrategicProcurement(string code) => code switch
    {
        MarkerCodes.SocialObjective => Social(code),
        MarkerCodes.EnvironmentalImpact => Green(code),
        MarkerCodes.InnovativePurchase => Innovation(code),
        _ => this,
    };

    public Markers Build() => _social.Count + _reserved.Count + _green.Count + _innovation.Count == 0
        ? Markers.None
        : new Markers(_social.ToArray(), _reserved.ToArray(), _green.ToArray(), _innovation.ToArray());

    private MarkersBuilder Add(List<string> list, string code)
    {
        code = code.Trim();
        // "none" answers come bare (BT-06) or prefixed by the parser (gpp-none): neither declares anything.
        if (code.Length > 0 && code != "none" && !code.EndsWith("-none", StringComparison.Ordinal) && !list.Contains(code))
        {
            list.Add(code);
        }
        return this;
    }
}

/// <summary>The three labels a lot's markers declare, named as the classifier names them.</summary>
public static class DeclarableLabels
{
    public const string Social = "social";
    public const string Reserved = "reserved";
    public const string Green = "green";
}

/// <summary>The marker codes used across formats.</summary>
public static class MarkerCodes
{
    // eForms BT-06 strategic procurement.
    public const string SocialObjective = "soc-obj";
    public const string EnvironmentalImpact = "env-imp";
    public const string InnovativePurchase = "inn-pur";

    // eForms BT-71 reserved participation.
    public const string ShelteredWorkshops = "res-ws";
    public const string PublicServiceMission = "res-pub-ser";

    /// <summary>A French reservation to SIAE (L2113-13 code de la commande publique), told apart from sheltered workshops where the notice says so.</summary>
    public const string ReservedInsertion = "res-siae";

    /// <summary>BT-736 reserved execution = yes: execution in sheltered employment programmes.</summary>
    public const string ReservedExecution = "res-exec";

    /// <summary>Social or environmental award criteria declared in a BOAMP notice.</summary>
    public const string SocialCriteria = "crit-soc";
    public const string EnvironmentalCriteria = "crit-env";

    /// <summary>Social or environmental conditions written into the performance conditions.</summary>
    public const string SocialExecutionCondition = "exec-soc";
    public const string EnvironmentalExecutionCondition = "exec-env";
}
