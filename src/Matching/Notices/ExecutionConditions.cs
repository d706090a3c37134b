using System.Text.RegularExpressions;

namespace ClausesSociales.Notices;

/// <summary>
/// Recognises what a buyer wrote in its execution conditions or award criteria: a social
/// (insertion, disability, fair work) or an environmental condition. Used only on the sections
/// that declare clauses, never on the lot's title or description.
/// </summary>
public static partial class ExecutionConditions
{
    public static bool IsSocial(string text) => Social().IsMatch(text);

    public static bool IsEnvironmental(string text) => Environmental().IsMatch(text);

    /// <summary>A reservation written as one to SIAE (L2113-13) rather than to sheltered workshops (L2113-12).</summary>
    public static bool IsInsertionReservation(string text) => InsertionReservation().IsMatch(text) && !ShelteredReservation().IsMatch(text);

    [GeneratedRegex(@"insertion|SIAE|L\.? ?2113-13", RegexOptions.IgnoreCase)]
    private static partial Regex InsertionReservation();

    [GeneratedRegex(@"ESAT|entreprises? adapt[ée]+s?|ateliers? prot[ée]g[ée]s?|L\.? ?2113-12", RegexOptions.IgnoreCase)]
    private static partial Regex ShelteredReservation();

    [GeneratedRegex(@"insertion|clauses? sociales?|caract[eè]re social|crit[eè]res? sociaux|consid[eé]rations? sociales?|dimension sociale|responsabilit[eé] sociale|[eé]conomie sociale|handicap|social value|[eé]loign[ée]+s? de l.emploi|L\.? ?5132|L\.? ?2112-2|demandeurs d.emploi|ch[oô]meurs|social (?:clause|criteri|consideration|aspect|integration)|unemploy|disadvantaged|disabled|fair trade|commerce [eé]quitable", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Social();

    [GeneratedRegex(@"environnement|[eé]cologi|[eé]co-?responsab|[eé]co-?label|d[eé]veloppement durable|carbone|CO2|recycl|d[eé]chets|[eé]nergie|biologique|circuits? courts?|environmental|green|emission|energy|waste", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Environmental();
}
