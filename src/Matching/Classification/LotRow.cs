using System.Text;
using ClausesSociales.Notices;

namespace ClausesSociales.Classification;

/// <summary>
/// What the classifier sees of a lot: what the lot IS (title, description, CPV hierarchy, nature,
/// value, duration, place, buyer kind), never the text that declares a clause, nor the notice kind
/// or language (they tell whether a form can declare, not whether a lot carries a clause). Labels
/// are the markers its buyer declared; a label the form cannot declare is unknown (<see cref="Unknown"/>).
/// </summary>
public sealed class LotRow
{
    /// <summary>The notice the lot belongs to: evaluation splits never put one notice on both sides.</summary>
    public string NoticeKey { get; set; } = "";
    public string LotId { get; set; } = "";

    /// <summary>Title and description.</summary>
    public string Text { get; set; } = "";

    /// <summary>The buyer (normalised name or identifier) and the procedure (eForms BT-04): evaluation splits keep each on one side.</summary>
    public string BuyerKey { get; set; } = "";
    public string ProcedureKey { get; set; } = "";

    /// <summary>Notice kind and language: for evaluation subsets only, never features.</summary>
    public string NoticeKind { get; set; } = "";
    public string Language { get; set; } = "";

    /// <summary>The corpus the notice came from (<see cref="TrainingCorpora"/>): leave-one-corpus-out evaluation holds one apart whole; never a feature.</summary>
    public string Corpus { get; set; } = "";

    /// <summary>The labels unknown for this lot, space separated: left out of that label's training and metrics.</summary>
    public string Unknown { get; set; } = "";

    /// <summary>Coded facts as tokens: CPV at every level (cpv45, cpv452, cpv4521...), country, department, buyer kind (its families, <see cref="BuyerFamilies"/>) and main activity, nature, regime.</summary>
    public string Codes { get; set; } = "";

    public float[] Numeric { get; set; } = new float[NumericCount];

    public bool Social { get; set; }
    public bool Reserved { get; set; }
    public bool Green { get; set; }

    /// <summary>log10(1 + value in euros), known value, duration in months, known duration.</summary>
    public const int NumericCount = 4;

    public static LotRow From(Notice notice, Lot lot) => From(notice, lot, NoticeContext(notice));

    /// <summary>The rows of every lot of a notice, the notice around them read once.</summary>
    public static IEnumerable<LotRow> FromNotice(Notice notice)
    {
        var context = NoticeContext(notice);
        foreach (var lot in notice.Lots) yield return From(notice, lot, context);
    }

    private static LotRow From(Notice notice, Lot lot, string context) => new()
    {
        NoticeKey = $"{notice.Source}_{notice.NoticeId}",
        LotId = lot.LotId,
        Text = NoticeValues.Clean(string.Join(" . ", new[] { lot.Title, lot.Description, NoticeTitle(notice, lot) }.Where(t => !string.IsNullOrWhiteSpace(t)))) ?? "",
        Codes = CodeTokens(notice, lot) + context,
        Numeric =
        [
            lot.EstimatedValue is { } v && v > 0 ? (float)Math.Log10(1 + (double)v) : 0f,
            lot.EstimatedValue is > 0 ? 1f : 0f,
            lot.DurationMonths is { } d ? (float)Math.Min((double)d, 240) : 0f,
            lot.DurationMonths is not null ? 1f : 0f,
        ],
        Social = lot.Markers.Social.Count > 0,
        Reserved = lot.Markers.Reserved.Count > 0,
        Green = lot.Markers.Green.Count > 0,
        Unknown = string.Join(' ', Labels.All.Where(l => !lot.Markers.Knows(l))),
        BuyerKey = BuyerKeyOf(notice.Buyer),
        ProcedureKey = notice.ContractFolderId is { Length: > 0 } folder ? $"{notice.Source}_{folder}" : "",
        NoticeKind = notice.Kind.ToString(),
        Language = notice.Language?.ToUpperInvariant() ?? "",
    };

    /// <summary>
    /// The notice's title where the lot's does not hold it: a lot titled "Agence 1" or "Secteur
    /// Nord" buys what its notice names ("Nettoyage des parties communes", "Entretien des espaces verts").
    /// </summary>
    private static string? NoticeTitle(Notice notice, Lot lot) =>
        notice.Title is { Length: > 0 } title && !(lot.Title ?? "").Contains(title, StringComparison.OrdinalIgnoreCase) ? title : null;

    private static string BuyerKeyOf(Buyer buyer)
    {
        var name = new string((buyer.Name ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        if (name.Length > 0) return "n:" + name;
        var id = new string((buyer.Identifier ?? "").Where(char.IsLetterOrDigit).ToArray());
        return id.Length > 0 ? "i:" + id : "";
    }

    /// <summary>Whether the label is known (declared or not) for this lot.</summary>
    public bool Knows(string label) => !Unknown.Split(' ').Contains(label);

    /// <summary>Sets a label, which makes it known (an admin's or a buyer's answer).</summary>
    public void Set(string label, bool value)
    {
        switch (label)
        {
            case Labels.Social: Social = value; break;
            case Labels.Reserved: Reserved = value; break;
            case Labels.Green: Green = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(label));
        }
        Unknown = string.Join(' ', Unknown.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(l => l != label));
    }

    /// <summary>
    /// The families of a buyer kind, whatever the form wrote it in: TED R2 (CA_TYPE "REGIONAL_AUTHORITY",
    /// the codified "Regional or local authority"), eForms (buyer-legal-type "la", "body-pl-ra"),
    /// BOAMP (French wording). "central", "local", "organisme" (body governed by public law),
    /// "entreprise" (public undertaking, utilities entity), "europe", "defense"; none for "other".
    /// A raw code would tell the format of the notice, not the buyer.
    /// </summary>
    internal static IEnumerable<string> BuyerFamilies(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind)) yield break;
        var k = NoticeValues.Fold(kind.Trim());
        bool Has(params string[] parts) => parts.Any(p => k.Contains(p, StringComparison.Ordinal));
        if (k is "cga" || k.EndsWith("-cga", StringComparison.Ordinal) || Has("ministry", "national_agency", "national or federal", "minist", "etat")) yield return "central";
        if (k is "la" or "ra" or "grp-p-aut" || k.EndsWith("-la", StringComparison.Ordinal) || k.EndsWith("-ra", StringComparison.Ordinal)
            || Has("regional", "local", "collectivit", "commune", "departement", "region")) yield return "local";
        if (k.StartsWith("body-pl", StringComparison.Ordinal) || k.StartsWith("org-sub", StringComparison.Ordinal) || Has("body_public", "body governed", "etablissement public", "droit public")) yield return "organisme";
        if (k.StartsWith("pub-undert", StringComparison.Ordinal) || k is "spec-rights-entity" || Has("utilities", "entreprise publique")) yield return "entreprise";
        if (k.StartsWith("eu-", StringComparison.Ordinal) || k is "int-org" || Has("eu_institution", "european institution")) yield return "europe";
        if (k is "def-cont") yield return "defense";
    }

    private static string CodeTokens(Notice notice, Lot lot)
    {
        var tokens = new StringBuilder();
        void Add(string prefix, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            tokens.Append(prefix).Append(new string(value.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray())).Append(' ');
        }
        foreach (var cpv in lot.Cpvs())
        {
            // Every level the code names (45221242: 45, 452, 4522... ; 85000000: 85), and the code itself.
            var significant = Math.Max(2, cpv.TrimEnd('0').Length);
            foreach (var length in (int[])[2, 3, 4, 5, 6, 7])
            {
                if (length <= significant) Add("cpv", cpv[..Math.Min(length, cpv.Length)]);
            }
            Add("cpv", cpv);
        }
        foreach (var nuts in lot.Nuts)
        {
            Add("pays", nuts.Length >= 2 ? nuts[..2] : nuts);
            if (nuts.Length >= 4) Add("region", nuts[..4]);
        }
        // A lot whose notice names no place (a third of eForms lots, TED R2 design contests): its buyer's country.
        if (lot.Nuts.Count == 0) Add("pays", notice.Buyer.Country);
        Add("dep", lot.Department);
        foreach (var family in BuyerFamilies(notice.Buyer.Kind)) Add("acheteur", family);
        Add("activite", notice.Buyer.Activity);
        Add("nature", lot.Nature?.ToString());
        foreach (var word in (notice.Regime ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)) Add("regime", word);
        return string.Join(' ', tokens.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct());
    }

    /// <summary>
    /// The notice around its lots, as code tokens (" nlots9 ctx452 ctx909"): how many lots, and the
    /// CPV groups of its lots. A form that reserves or sets conditions for the whole notice (TED
    /// R2's LEFTI) marks every lot of it, and a buyer that reserves one lot of a notice most often
    /// reserves the one for green spaces or cleaning.
    /// </summary>
    private static string NoticeContext(Notice notice)
    {
        if (notice.Lots.Count == 0) return "";
        var tokens = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var lot in notice.Lots)
        {
            foreach (var cpv in lot.Cpvs())
            {
                if (cpv.Length >= 3 && cpv.AsSpan(0, 3).IndexOfAnyExceptInRange('0', '9') < 0) tokens.Add("ctx" + cpv[..3]);
            }
        }
        var count = notice.Lots.Count switch { 1 => "1", <= 3 => "3", <= 9 => "9", _ => "plus" };
        return " nlots" + count + string.Concat(tokens.Select(t => " " + t));
    }

    public bool Label(string label) => label switch
    {
        Labels.Social => Social,
        Labels.Reserved => Reserved,
        Labels.Green => Green,
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };
}

/// <summary>The labels the classifier learns.</summary>
public static class Labels
{
    public const string Social = DeclarableLabels.Social;
    public const string Reserved = DeclarableLabels.Reserved;
    public const string Green = DeclarableLabels.Green;

    public static readonly string[] All = [Social, Reserved, Green];

    /// <summary>The labels' names in French, as buyers and admins read them.</summary>
    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
        [Social] = "Clause d'insertion",
        [Reserved] = "Marché réservé",
        [Green] = "Clause environnementale",
    };
}
