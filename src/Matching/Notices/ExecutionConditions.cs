using System.Text.RegularExpressions;

namespace ClausesSociales.Notices;

/// <summary>
/// Recognises what a buyer wrote in its execution conditions or award criteria: a social
/// (insertion, fair work) or an environmental condition, or a reservation written out as a sentence.
/// Used only on the sections that declare clauses, never on the lot's title or description.
/// The rules read French and English only (<see cref="ReadsLanguage"/>); they name the clause,
/// never a bare word that also means something else ("insertion architecturale", "code de l'énergie",
/// "obligation d'emploi des travailleurs handicapés", which every buyer recalls).
/// </summary>
public static partial class ExecutionConditions
{
    /// <summary>Whether the text rules can read a notice written in this language (ISO 639-1 as TED R2 writes it, or 639-3 as eForms does; any case; unknown counts as French).</summary>
    public static bool ReadsLanguage(string? language) => string.IsNullOrEmpty(language) || language.ToUpperInvariant() is "FR" or "EN" or "FRA" or "ENG";

    /// <summary>A social condition or criterion in sentences that are not reservations.</summary>
    public static bool IsSocial(string text) => Sentences(text).Any(s => !IsReservation(s) && Social().IsMatch(s));

    public static bool IsEnvironmental(string text) => Sentences(text).Any(s => Environmental().IsMatch(LegalReference().Replace(s, " ")));

    /// <summary>A sentence that reserves the contract (or some lots) to sheltered workshops or insertion structures.</summary>
    public static bool IsReservation(string sentence) => Reservation().IsMatch(sentence) && !NotReserved().IsMatch(sentence)
        && (ShelteredReservation().IsMatch(sentence) || InsertionReservation().IsMatch(sentence));

    /// <summary>The reservations written in a text: the marker code and the lots named ("le lot 6 est réservé"; none named = every lot).</summary>
    public static IEnumerable<(string Code, IReadOnlyList<string> Lots)> Reservations(string text)
    {
        // Every reservation names it ("réservé", "reserved"): most texts are passed over unsplit.
        if (!text.Contains("serv", StringComparison.OrdinalIgnoreCase)) yield break;
        foreach (var sentence in Sentences(text))
        {
            if (!IsReservation(sentence)) continue;
            var code = IsInsertionReservation(sentence) ? MarkerCodes.ReservedInsertion : MarkerCodes.ShelteredWorkshops;
            var lots = NamedLots().Matches(sentence).SelectMany(m => Number().Matches(m.Groups[1].Value).Select(n => n.Value)).Distinct().ToList();
            yield return (code, lots);
        }
    }

    /// <summary>A reservation written as one to SIAE (L2113-13) rather than to sheltered workshops (L2113-12).</summary>
    public static bool IsInsertionReservation(string text) => InsertionReservation().IsMatch(text) && !ShelteredReservation().IsMatch(text);

    /// <summary>Sentences, where an item of a list ("- aux entreprises adaptées... - à des structures d'insertion...") stays with the sentence that opens it.</summary>
    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        foreach (var piece in SentenceEnd().Split(text))
        {
            var trimmed = piece.Trim();
            if (trimmed.Length == 0) continue;
            if (sentences.Count > 0 && (trimmed[0] is '-' or '—' or '–' or '•' || char.IsLower(trimmed[0]))) sentences[^1] += " " + trimmed;
            else sentences.Add(trimmed);
        }
        return sentences;
    }

    [GeneratedRegex(@"(?<=[.;!?:])\s+|\n")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\blots?\s+(?:n[°ºo]\s*)?(\d+(?:\s*(?:,|et)\s*\d+)*)", RegexOptions.IgnoreCase)]
    private static partial Regex NamedLots();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"r[ée]serv[ée]+s?\b|\breserved\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reservation();

    [GeneratedRegex(@"\b(?:n.est|ne sont|n.a|n.ont) (?:pas|jamais) (?:été )?r[ée]serv|\bnon[- ]r[ée]serv|\bnot (?:been )?reserved", RegexOptions.IgnoreCase)]
    private static partial Regex NotReserved();

    [GeneratedRegex(@"\bSIAE\b|structures? d.insertion|insertion par l.activit[ée] [ée]conomique|L\.? ?2113-13|L\.? ?5132-4", RegexOptions.IgnoreCase)]
    private static partial Regex InsertionReservation();

    [GeneratedRegex(@"\bESAT\b|entreprises? adapt[ée]+s?|ateliers? prot[ée]g[ée]s?|[ée]tablissements? et services? d.aide par le travail|L\.? ?2113-12|L\.? ?5213-13|sheltered (?:workshop|employment)", RegexOptions.IgnoreCase)]
    private static partial Regex ShelteredReservation();

    // Clauses d'insertion and their French wordings, social award criteria, fair trade; never a bare "insertion" or "handicap".
    [GeneratedRegex(@"clauses? (?:d.|de promotion de l.)?(?:insertion|emploi)|clauses? sociales?|action d.insertion|heures d.insertion|insertion (?:sociale|professionnelle|par l.activit[ée]|des (?:publics|personnes))|publics? (?:en (?:insertion|difficult[ée])|prioritaires|[ée]loign[ée]s)|personnes? en difficult[ée]|[ée]loign[ée]+s? de l.emploi|conditions? d.ex[ée]cution sociales?|caract[eè]re social|crit[eè]res? sociaux|consid[eé]rations? sociales?|dimension sociale|performances? (?:en mati[eè]re )?sociales?|L\.? ?2112-2|L\.? ?5132-1|demandeurs d.emploi|ch[oô]meurs de longue dur[ée]e|social (?:clause|criteri|consideration|aspect|integration|value)|long-term unemploy|disadvantaged (?:people|persons|workers)|fair trade|commerce [eé]quitable", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Social();

    // Energy counts only as performance, efficiency or consumption; legal references ("code de l'énergie") are removed first.
    [GeneratedRegex(@"environnement|[eé]cologi|[eé]co-?responsab|[eé]co-?label|d[eé]veloppement durable|carbone|\bCO2\b|gaz [àa] effet de serre|recycl|d[eé]chets|(?:performance|efficacit[eé]|consommation|sobri[eé]t[eé]|transition) [eé]nerg[eé]tique|[eé]nergies? renouvelables?|biologique|circuits? courts?|environmental|\bgreen (?:procurement|criteri)|emissions?\b|energy (?:efficiency|consumption|performance)|renewable energy|\bwaste\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Environmental();

    [GeneratedRegex(@"code de l.(?:environnement|[ée]nergie)|(?:articles?|art\.)\s+[LRD]?\.?\s?[\d-]+(?:\s+(?:et|à)\s+[LRD]?\.?\s?[\d-]+)*\s+du code[\w\s'’]{0,40}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LegalReference();
}
