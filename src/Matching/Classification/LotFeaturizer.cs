using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ClausesSociales.Classification;

/// <summary>
/// The one featuriser of the three labels: turns a lot into named features once. Text: folded
/// words (accents removed, French stop words dropped) and word pairs of the title and description,
/// weighted so that a lot's text counts as much as a short one's. Codes: CPV at every level and
/// the words of its French label, nature, buyer kind, department, country, value and duration
/// bands, and the public-knowledge groups of <see cref="PublicKnowledge"/>. Never the notice kind
/// or language.
/// </summary>
public sealed class LotFeaturizer(Func<string, string?> cpvLabel)
{
    private readonly ConcurrentDictionary<string, string[]> _cpvWords = new(StringComparer.Ordinal);

    /// <summary>Words of the text considered: a description beyond this adds little and costs time.</summary>
    public const int MaxWords = 200;

    /// <summary>Appends the lot's features (name, value) to <paramref name="into"/>, each name once.</summary>
    public void Featurize(LotRow row, List<(string Name, float Value)> into)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = new List<string>();
        string? previous = null;
        var count = 0;
        foreach (var word in Words(row.Text))
        {
            if (++count > MaxWords) break;
            if (Stop.Contains(word)) { previous = null; continue; }
            if (seen.Add("m:" + word)) text.Add("m:" + word);
            if (previous is not null && seen.Add($"b:{previous} {word}")) text.Add($"b:{previous} {word}");
            previous = word;
        }
        var weight = text.Count == 0 ? 0f : 1f / MathF.Sqrt(text.Count);
        foreach (var t in text) into.Add((t, weight));

        void Add(string name)
        {
            if (seen.Add(name)) into.Add((name, 1f));
        }
        var fullCpvs = new List<string>();
        foreach (var token in row.Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith("cpv", StringComparison.Ordinal))
            {
                var code = token[3..];
                Add("cpv:" + code);
                if (code.Length == 8) fullCpvs.Add(code);
            }
            else if (token.StartsWith("nature", StringComparison.Ordinal)) Add("nature:" + token[6..]);
            else if (token.StartsWith("acheteur", StringComparison.Ordinal)) Add("acheteur:" + token[8..]);
            else if (token.StartsWith("dep", StringComparison.Ordinal)) Add("dep:" + token[3..]);
            else if (token.StartsWith("pays", StringComparison.Ordinal)) Add("pays:" + token[4..]);
        }
        foreach (var cpv in fullCpvs)
        {
            foreach (var word in CpvWords(cpv)) Add("lcpv:" + word);
        }
        foreach (var e in PublicKnowledge.For(PublicKnowledge.GreenProductGroups, fullCpvs)) Add("gpp:" + e.Key);
        foreach (var e in PublicKnowledge.For(PublicKnowledge.InsertionTrades, fullCpvs)) Add("metier:" + e.Key);
        foreach (var e in PublicKnowledge.For(PublicKnowledge.ReservedFamilies, fullCpvs)) Add("reserve:" + e.Key);
        Add("valeur:" + ValueBand(row.Numeric));
        Add("duree:" + DurationBand(row.Numeric));
    }

    /// <summary>Value bands by powers of ten of euros (log10 stored in the row).</summary>
    public static string ValueBand(float[] numeric) => numeric[1] == 0 ? "inconnue" : Math.Clamp((int)numeric[0], 3, 8).ToString(CultureInfo.InvariantCulture);

    public static string DurationBand(float[] numeric) => numeric[3] == 0 ? "inconnue" : numeric[2] switch
    {
        <= 6 => "6",
        <= 12 => "12",
        <= 24 => "24",
        <= 48 => "48",
        _ => "plus",
    };

    private string[] CpvWords(string cpv) => _cpvWords.GetOrAdd(cpv, c =>
    {
        var words = new List<string>();
        // The code's own label and its division's: "Services de nettoyage de bureaux", "Services relatifs aux eaux usées...".
        foreach (var code in new[] { c, c[..2].PadRight(8, '0') }.Distinct())
        {
            if (cpvLabel(code) is not { } label) continue;
            words.AddRange(Words(label).Where(w => !Stop.Contains(w)));
        }
        return words.Distinct().ToArray();
    });

    /// <summary>Lower-cased, accent-folded words of three letters or more.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var buffer = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                var lower = char.ToLowerInvariant(c);
                if (lower < 128) buffer.Append(lower);
                else buffer.Append(Fold(lower));
                continue;
            }
            if (buffer.Length >= 3) yield return buffer.ToString();
            buffer.Clear();
        }
        if (buffer.Length >= 3) yield return buffer.ToString();
    }

    private static readonly ConcurrentDictionary<char, string> Folded = new();

    private static string Fold(char c) => Folded.GetOrAdd(c, x =>
    {
        var decomposed = x.ToString().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder();
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) kept.Append(d);
        }
        return x switch { 'œ' => "oe", 'æ' => "ae", _ => kept.ToString() };
    });

    /// <summary>French (and a few English) words that say nothing of what is bought.</summary>
    public static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "les", "des", "une", "aux", "par", "pour", "dans", "sur", "avec", "sans", "sous", "est", "sont", "qui", "que", "quoi", "dont",
        "ces", "cet", "cette", "son", "sa", "ses", "leur", "leurs", "nos", "vos", "notre", "votre", "lot", "lots", "marche", "marches",
        "accord", "cadre", "objet", "present", "presente", "relatif", "relative", "relatifs", "relatives", "concernant", "ainsi", "etc",
        "prestations", "prestation", "ensemble", "divers", "diverses", "differents", "differentes", "fourniture", "fournitures", "services",
        "service", "travaux", "mission", "missions", "consultation", "commune", "ville", "departement", "the", "and", "for", "with", "from",
        "of", "ont", "etre", "fait", "faire", "tous", "tout", "toute", "toutes", "plus", "non", "pas", "compris", "afin", "lors", "entre",
        "selon", "type", "cas", "titre", "dite", "dit", "partie", "parties", "suivants", "suivantes", "notamment",
    };
}
