using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ClausesSociales.Classification;

/// <summary>Receives a lot's features: each name is given once, with its value.</summary>
public interface IFeatureSink
{
    void Add(ReadOnlySpan<char> name, float value);
}

/// <summary>
/// The one featuriser of the three labels: turns a lot into named features once. Text: folded
/// words (accents removed, French stop words dropped) and word pairs of the title and description,
/// each weighted 1/sqrt(number of word and pair occurrences) so that a long text counts as much as
/// a short one; and whether the text says the lot is reserved, in any EU language
/// (<see cref="PublicKnowledge.ReservationMentions"/>, value 3). Codes: CPV at every level and the words of its French label, nature, buyer kind,
/// department, region (NUTS 2) and country, value and duration bands, the procurement regime (<see cref="Notices.Regimes"/>),
/// the public-knowledge groups of <see cref="PublicKnowledge"/>, and the notice around the lot (lot count, its lots' CPV groups);
/// <see cref="LotClassifierTrainer.DefaultExcludedFeatures"/> says which head leaves which out (the department serves the
/// reserved head only). Never the notice kind or language: they tell whether a form can declare a label, not whether a lot carries it. Allocation-free on the text:
/// names are written into a buffer and handed to the sink as spans.
/// </summary>
public sealed class LotFeaturizer(Func<string, string?> cpvLabel)
{
    private readonly ConcurrentDictionary<string, string[]> _cpvWords = new(StringComparer.Ordinal);

    /// <summary>Words of the text considered: a description beyond this adds little and costs time.</summary>
    public const int MaxWords = 200;

    [ThreadStatic] private static char[]? _folded;
    [ThreadStatic] private static List<(int Start, int Length)>? _words;
    [ThreadStatic] private static char[]? _name;

    /// <summary>The lot's features as (name, value), each name once (for training and tests).</summary>
    public List<(string Name, float Value)> Features(LotRow row)
    {
        var sink = new ListSink();
        Featurize(row, sink);
        return sink.Features;
    }

    private sealed class ListSink : IFeatureSink
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public List<(string Name, float Value)> Features { get; } = [];

        public void Add(ReadOnlySpan<char> name, float value)
        {
            var s = name.ToString();
            if (_seen.Add(s)) Features.Add((s, value));
        }
    }

    /// <summary>Hands the lot's features to the sink; a text feature may come more than once, with the same value.</summary>
    public void Featurize(LotRow row, IFeatureSink sink)
    {
        var text = row.Text;
        var folded = _folded is { } f && f.Length >= text.Length ? f : _folded = new char[Math.Max(text.Length, 1024)];
        var words = _words ??= new List<(int, int)>(256);
        words.Clear();
        var length = 0;
        var start = 0;
        var stop = Stop.GetAlternateLookup<ReadOnlySpan<char>>();
        var occurrences = 0;
        var previousKept = false;
        void EndWord(int end)
        {
            var wordLength = end - start;
            if (wordLength >= 3 && words.Count < MaxWords)
            {
                if (stop.Contains(folded.AsSpan(start, wordLength)))
                {
                    words.Add((-1, 0));
                    previousKept = false;
                }
                else
                {
                    // Plural and singular are one word ("espaces verts", "espace vert").
                    if (wordLength > 4 && folded[start + wordLength - 1] is 's' or 'x') wordLength--;
                    words.Add((start, wordLength));
                    occurrences += previousKept ? 2 : 1;
                    previousKept = true;
                }
            }
        }
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                if (c < 128) folded[length++] = (char)(c | 0x20);
                else
                {
                    var fold = Fold(c);
                    if (length + fold.Length > folded.Length) Array.Resize(ref folded, folded.Length * 2);
                    foreach (var x in fold) folded[length++] = x;
                    _folded = folded;
                }
                continue;
            }
            EndWord(length);
            start = length;
        }
        EndWord(length);

        var weight = occurrences == 0 ? 0f : 1f / MathF.Sqrt(occurrences);
        var name = _name ??= new char[256];
        (int Start, int Length) previous = (-1, 0);
        foreach (var word in words)
        {
            if (word.Start < 0) { previous = (-1, 0); continue; }
            var n = Write(ref name, 0, "m:");
            n = Write(ref name, n, folded.AsSpan(word.Start, word.Length));
            sink.Add(name.AsSpan(0, n), weight);
            if (previous.Start >= 0)
            {
                n = Write(ref name, 0, "b:");
                n = Write(ref name, n, folded.AsSpan(previous.Start, previous.Length));
                n = Write(ref name, n, " ");
                n = Write(ref name, n, folded.AsSpan(word.Start, word.Length));
                sink.Add(name.AsSpan(0, n), weight);
            }
            previous = word;
        }
        _name = name;

        // Value 3: a lot that says it is reserved outweighs the CPV families in the reserved head's public-knowledge count.
        if (folded.AsSpan(0, length).ContainsAny(ReservationMentions) || words.Exists(w => w.Start >= 0 && ReservationWords.Contains(folded.AsSpan(w.Start, w.Length))))
        {
            sink.Add("mention:reservation", 3f);
        }

        var fullCpvs = new List<string>(4);
        foreach (var range in row.Codes.AsSpan().Split(' '))
        {
            var token = row.Codes.AsSpan(range);
            if (token.Length == 0) continue;
            if (token.StartsWith("cpv"))
            {
                Emit(sink, "cpv:", token[3..]);
                if (token.Length == 11) fullCpvs.Add(token[3..].ToString());
            }
            else if (token.StartsWith("nature")) Emit(sink, "nature:", token[6..]);
            else if (token.StartsWith("acheteur")) Emit(sink, "acheteur:", token[8..]);
            else if (token.StartsWith("activite")) Emit(sink, "activite:", token[8..]);
            else if (token.StartsWith("region")) Emit(sink, "region:", token[6..]);
            else if (token.StartsWith("pays")) Emit(sink, "pays:", token[4..]);
            else if (token.StartsWith("nlots")) Emit(sink, "nlots:", token[5..]);
            else if (token.StartsWith("ctx")) Emit(sink, "ctx:", token[3..]);
            else if (token.StartsWith("regime")) Emit(sink, "regime:", token[6..]);
            else if (token.StartsWith("dep")) Emit(sink, "dep:", token[3..]);
        }
        foreach (var cpv in fullCpvs)
        {
            foreach (var feature in CpvFeatures(cpv)) sink.Add(feature, 1f);
        }
        Emit(sink, "valeur:", ValueBand(row.Numeric));
        Emit(sink, "duree:", DurationBand(row.Numeric));
    }

    private static void Emit(IFeatureSink sink, string prefix, ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[prefix.Length + value.Length];
        prefix.AsSpan().CopyTo(buffer);
        value.CopyTo(buffer[prefix.Length..]);
        sink.Add(buffer, 1f);
    }

    private static int Write(ref char[] buffer, int at, ReadOnlySpan<char> value)
    {
        if (at + value.Length > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, at + value.Length));
        value.CopyTo(buffer.AsSpan(at));
        return at + value.Length;
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

    /// <summary>
    /// What a CPV code tells, computed once per code: "lcpv:" words of its French label and of its
    /// division's, and the public-knowledge groups it belongs to ("gpp:", "metier:", "social:", "reserve:").
    /// </summary>
    private string[] CpvFeatures(string cpv) => _cpvWords.GetOrAdd(cpv, c =>
    {
        var features = new List<string>();
        foreach (var code in new[] { c, c[..2].PadRight(8, '0') }.Distinct())
        {
            if (cpvLabel(code) is not { } label) continue;
            features.AddRange(Words(label).Where(w => !Stop.Contains(w)).Select(w => "lcpv:" + w));
        }
        string[] cpvs = [c];
        features.AddRange(PublicKnowledge.For(PublicKnowledge.GreenProductGroups, cpvs).Select(e => "gpp:" + e.Key));
        features.AddRange(PublicKnowledge.For(PublicKnowledge.InsertionTrades, cpvs).Select(e => "metier:" + e.Key));
        features.AddRange(PublicKnowledge.For(PublicKnowledge.SocialServices, cpvs).Select(e => "social:" + e.Key));
        features.AddRange(PublicKnowledge.For(PublicKnowledge.ReservedFamilies, cpvs).Select(e => "reserve:" + e.Key));
        return features.Distinct().ToArray();
    });

    /// <summary>Lower-cased, accent-folded words of three letters or more.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var buffer = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                if (c < 128) buffer.Append((char)(c | 0x20));
                else buffer.Append(Fold(c));
                continue;
            }
            if (buffer.Length >= 3) yield return Singular(buffer.ToString());
            buffer.Clear();
        }
        if (buffer.Length >= 3) yield return Singular(buffer.ToString());
    }

    private static string Singular(string word) => word.Length > 4 && word[^1] is 's' or 'x' && !Stop.Contains(word) ? word[..^1] : word;

    private static readonly string?[] FoldTable = new string?[0x3000];

    /// <summary>A letter lower-cased without its accents ("É" -> "e", "œ" -> "oe").</summary>
    private static string Fold(char c)
    {
        if (c < FoldTable.Length && FoldTable[c] is { } known) return known;
        var lower = char.ToLowerInvariant(c);
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder();
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) kept.Append(d);
        }
        var result = lower switch { 'œ' => "oe", 'æ' => "ae", _ => kept.Length == 0 ? lower.ToString() : kept.ToString() };
        if (c < FoldTable.Length) FoldTable[c] = result;
        return result;
    }

    /// <summary>French (and a few English) words that say nothing of what is bought.</summary>
    public static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "les", "des", "une", "aux", "par", "pour", "dans", "sur", "avec", "sans", "sous", "est", "sont", "qui", "que", "quoi", "dont",
        "ces", "cet", "cette", "son", "ses", "leur", "leurs", "nos", "vos", "notre", "votre", "lot", "lots", "marche", "marches",
        "accord", "cadre", "objet", "present", "presente", "relatif", "relative", "relatifs", "relatives", "concernant", "ainsi", "etc",
        "prestations", "prestation", "ensemble", "divers", "diverses", "differents", "differentes", "fourniture", "fournitures", "services",
        "service", "travaux", "mission", "missions", "consultation", "commune", "ville", "departement", "the", "and", "for", "with", "from",
        "ont", "etre", "fait", "faire", "tous", "tout", "toute", "toutes", "plus", "non", "pas", "compris", "afin", "lors", "entre",
        "selon", "type", "cas", "titre", "dite", "partie", "parties", "suivants", "suivantes", "notamment", "environ",
    };

    /// <summary>The phrases of <see cref="PublicKnowledge.ReservationMentions"/> as the text is folded: letters only, lower-cased, without accents.</summary>
    private static readonly SearchValues<string> ReservationMentions =
        SearchValues.Create(PublicKnowledge.ReservationMentions.Select(FoldedLetters).Distinct().ToArray(), StringComparison.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservationWords =
        new HashSet<string>(PublicKnowledge.ReservationWords, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static string FoldedLetters(string text) =>
        string.Concat(text.Where(char.IsLetter).Select(c => c < 128 ? ((char)(c | 0x20)).ToString() : Fold(c)));
}
