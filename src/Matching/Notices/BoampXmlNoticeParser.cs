using System.Xml;
using System.Xml.Linq;

namespace ClausesSociales.Notices;

/// <summary>Reads BOAMP v230 XML notices (root ANNONCE): calls for tenders, awards, concessions and contests.</summary>
public sealed class BoampXmlNoticeParser
{
    public Notice Parse(XmlReader reader)
    {
        var root = SafeXml.ReadRoot(reader);
        if (root.Name.LocalName != "ANNONCE") throw new NoticeParseException($"not a BOAMP notice: root element is <{root.Name.LocalName}>");

        var defects = new List<string>();
        var gestion = root.Child("GESTION");
        var indexation = gestion.Child("INDEXATION");
        var donnees = root.Child("DONNEES") ?? throw new NoticeParseException("BOAMP notice has no DONNEES section");
        var idweb = gestion.Path("REFERENCE", "IDWEB").Text();
        if (idweb is null) defects.Add("IDWEB is missing");

        var objet = donnees.Child("OBJET");
        var title = NoticeValues.Clean(objet.Child("TITRE_MARCHE").Text() ?? indexation.Child("RESUME_OBJET").Text() ?? objet.Child("OBJET_COMPLET").Text());
        var description = NoticeValues.Clean(objet.Child("OBJET_COMPLET").Text());
        var mainCpv = NoticeValues.Cpv(objet.Path("CPV", "PRINCIPAL").Text());
        var noticeNuts = objet.All("CODE_NUTS").Where(n => n.Parent?.Name.LocalName == "LIEU_EXEC_LIVR").Select(n => n.Text()).OfType<string>().ToList();
        var departments = indexation.Children("DEP_PRESTATION").Select(d => d.Text()).OfType<string>().ToList();
        var nature = NoticeValues.Nature(objet.Child("TYPE_MARCHE")?.Elements().FirstOrDefault()?.Name.LocalName);
        var deadline = NoticeValues.Deadline(donnees.All("RECEPT_OFFRES").FirstOrDefault().Text());
        var markers = ReadMarkers(gestion, donnees);

        var lots = new List<Lot>();
        foreach (var lot in objet.All("LOT"))
        {
            var cpvs = lot.Children("CPV").SelectMany(c => c.Elements()).Select(c => NoticeValues.Cpv(c.Text())).OfType<string>().Distinct().ToList();
            var nuts = lot.Children("CODE_NUTS").Select(n => n.Text()).OfType<string>().ToList();
            if (nuts.Count == 0) nuts = noticeNuts;
            var value = lot.Child("VALEUR") ?? lot.All("VALEUR").FirstOrDefault();
            lots.Add(new Lot(
                lot.Child("NUM").Text() ?? (lots.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                NoticeValues.Clean(lot.Child("INTITULE").Text()) ?? title,
                NoticeValues.Clean(lot.Child("DESCRIPTION").Text()),
                cpvs.FirstOrDefault() ?? mainCpv,
                cpvs.Skip(1).ToList(),
                nuts,
                Departments(nuts, departments),
                NoticeValues.Amount(value.Text()),
                value.Attr("DEVISE"),
                NoticeValues.Months(lot.Child("DUREE_MOIS").Text(), "MONTH"),
                deadline,
                nature,
                markers));
        }
        if (lots.Count == 0)
        {
            var value = objet.All("VALEUR").FirstOrDefault() ?? donnees.All("VALEUR").FirstOrDefault();
            lots.Add(new Lot(
                "1", title, description, mainCpv,
                objet.Path("CPV")?.Children("COMPLEMENTAIRE").Select(c => NoticeValues.Cpv(c.Text())).OfType<string>().ToList() ?? [],
                noticeNuts,
                Departments(noticeNuts, departments),
                NoticeValues.Amount(value.Text()),
                value.Attr("DEVISE"),
                NoticeValues.Months(objet.All("DUREE_MOIS").FirstOrDefault().Text(), "MONTH"),
                deadline,
                nature,
                markers));
        }
        if (lots.All(l => l.MainCpv is null)) defects.Add("no CPV code");

        var identite = donnees.Child("IDENTITE");
        return new Notice(
            "boamp",
            idweb ?? "unidentified",
            Kind(gestion.Path("REFERENCE", "TYPE_AVIS", "NATURE")?.Elements().FirstOrDefault()?.Name.LocalName),
            NoticeValues.Date(indexation.Child("DATE_PUBLICATION").Text()),
            new Buyer(NoticeValues.Clean(identite.Child("DENOMINATION").Text()), identite.Child("SIRET").Text(),
                donnees.Child("TYPE_ORGANISME")?.Elements().FirstOrDefault()?.Name.LocalName)
            {
                Activity = Activity(donnees.Child("ACTIVITE_PRINCIPALE")?.Elements().FirstOrDefault()?.Elements().FirstOrDefault()?.Name.LocalName),
            },
            title,
            idweb is null ? null : $"https://www.boamp.fr/pages/avis/?q=idweb:{idweb}",
            "FR",
            lots)
        { Defects = defects };
    }

    /// <summary>
    /// The eForms code of a BOAMP main activity (ACTIVITE_PRINCIPALE: "LOG_DEV_COL", "SANTE",
    /// "SER_CHEMIN_FER_TRAM_BUS"); "AUTRE" (free text) and an unknown name are nothing.
    /// </summary>
    internal static string? Activity(string? name) => name switch
    {
        null or "AUTRE" => null,
        _ when name.Contains("TRAM", StringComparison.Ordinal) || name.Contains("BUS", StringComparison.Ordinal) => "urttb",
        _ when name.Contains("CHEMIN_FER", StringComparison.Ordinal) => "rail",
        _ when name.Contains("AERO", StringComparison.Ordinal) => "airport",
        _ when name.Contains("PORT", StringComparison.Ordinal) => "port",
        _ when name.Contains("ADM_PUB", StringComparison.Ordinal) => "gen-pub",
        _ when name.StartsWith("LOG", StringComparison.Ordinal) => "hc-am",
        _ when name.StartsWith("SANTE", StringComparison.Ordinal) => "health",
        _ when name.StartsWith("PROT", StringComparison.Ordinal) && name.Contains("SOC", StringComparison.Ordinal) => "soc-pro",
        _ when name.StartsWith("EDUC", StringComparison.Ordinal) || name.StartsWith("ENSEIGN", StringComparison.Ordinal) => "education",
        _ when name.StartsWith("ENVIRON", StringComparison.Ordinal) => "env-pro",
        _ when name.StartsWith("DEFENSE", StringComparison.Ordinal) => "defence",
        _ when name.StartsWith("ORDRE", StringComparison.Ordinal) || name.Contains("SECU", StringComparison.Ordinal) => "pub-os",
        _ when name.Contains("LOISIR", StringComparison.Ordinal) || name.Contains("CULT", StringComparison.Ordinal) => "rcr",
        _ when name.Contains("ECO", StringComparison.Ordinal) || name.Contains("FIN", StringComparison.Ordinal) => "econ-aff",
        _ when name.StartsWith("EAU", StringComparison.Ordinal) => "water",
        _ when name.StartsWith("ELEC", StringComparison.Ordinal) => "electricity",
        _ when name.Contains("POST", StringComparison.Ordinal) => "post",
        _ when name.Contains("GAZ", StringComparison.Ordinal) && name.Contains("CHAL", StringComparison.Ordinal) => "gas-heat",
        _ => null,
    };

    private static IReadOnlyList<string> Departments(List<string> nuts, List<string> indexed)
    {
        var fromNuts = NoticeValues.Departments(nuts);
        return fromNuts.Count > 0 ? fromNuts : NoticeValues.Departments(indexed);
    }

    private static Markers ReadMarkers(XElement? gestion, XElement donnees)
    {
        var markers = new MarkersBuilder();
        foreach (var criteria in gestion.All("CRITERES_SOCIAUX_ENV"))
        {
            if (criteria.Child("SOCIAUX") is not null) markers.Social(MarkerCodes.SocialCriteria);
            if (criteria.Child("ENVIRONNEMENTAUX") is not null) markers.Green(MarkerCodes.EnvironmentalCriteria);
        }
        foreach (var reserved in donnees.All("MARCHE_RESERVE_OUI"))
        {
            // Sheltered workshops (L2113-12) and insertion structures (L2113-13) are both res-ws in eForms.
            markers.Reserved(reserved.Child("EMPLOIS_PROTEGES") is not null && reserved.Child("ATELIERS_PROTEGES") is null
                ? MarkerCodes.ReservedExecution
                : MarkerCodes.ShelteredWorkshops);
        }
        foreach (var condition in donnees.All("CONDITION_PARTICULIERE_EXECUTION"))
        {
            if (condition.Text() is not { } text) continue;
            foreach (var (code, _) in ExecutionConditions.Reservations(text)) markers.Reserved(code);
            if (ExecutionConditions.IsSocial(text)) markers.Social(MarkerCodes.SocialExecutionCondition);
            if (ExecutionConditions.IsEnvironmental(text)) markers.Green(MarkerCodes.EnvironmentalExecutionCondition);
        }
        return markers.Build();
    }

    internal static NoticeKind Kind(string? nature) => nature?.ToUpperInvariant() switch
    {
        "APPEL_OFFRE" or "CONCESSION" or "CONCOURS" => NoticeKind.ContractNotice,
        "ATTRIBUTION" or "RESULTAT_CONCOURS" => NoticeKind.ContractAward,
        "PRE_INFORMATION" or "PREINFORMATION" or "AVIS_PRE_INFORMATION" => NoticeKind.PriorInformation,
        "RECTIFICATIF" or "MODIFICATION" => NoticeKind.Modification,
        _ => NoticeKind.Other,
    };
}
