namespace ClausesSociales.Classification;

/// <summary>
/// Public knowledge about which lots carry clauses, that does not depend on our few labels: each
/// entry is a CPV prefix and what a public source says of it. Used as features and as reasons a
/// buyer can read. Sources (see README, "Public knowledge"):
/// <list type="bullet">
/// <item>green: the product groups of the EU green public procurement (GPP) criteria
/// (European Commission, https://green-business.ec.europa.eu/green-public-procurement/gpp-criteria-and-requirements_en),
/// mapped to the CPV codes each criteria document lists in its scope;</item>
/// <item>social: the trades French guides to clauses d'insertion name as suited to them (Direction des
/// affaires juridiques, "Guide sur les aspects sociaux de la commande publique", 2022; Alliance Villes
/// Emploi, facilitators' guides): building and public works, green spaces, cleaning, waste, catering,
/// laundry, removals, maintenance, security and reception;</item>
/// <item>reserved: the families of contracts French buyers reserve under L2113-12 (ESAT, EA) and
/// L2113-13 (SIAE) of the Code de la commande publique, as listed by the same DAJ guide and the
/// sheltered-work networks' catalogues (Réseau Gesat, UNEA): green spaces, cleaning, laundry,
/// mailing and packaging, printing, digitisation, catering, waste sorting and recycling.</item>
/// </list>
/// </summary>
public static class PublicKnowledge
{
    public sealed record Entry(string CpvPrefix, string Key, string Label);

    public static readonly Entry[] GreenProductGroups =
    [
        new("909", "nettoyage", "nettoyage (produits et services)"),
        new("3983", "nettoyage", "nettoyage (produits et services)"),
        new("3376", "nettoyage", "nettoyage (produits et services)"),
        new("302", "informatique", "ordinateurs, écrans, tablettes et smartphones"),
        new("4823", "informatique", "ordinateurs, écrans, tablettes et smartphones"),
        new("7231", "datacentre", "centres de données et services cloud"),
        new("7241", "datacentre", "centres de données et services cloud"),
        new("0931", "electricite", "électricité"),
        new("651", "electricite", "électricité"),
        new("15", "alimentation", "alimentation, restauration et distributeurs"),
        new("553", "alimentation", "alimentation, restauration et distributeurs"),
        new("555", "alimentation", "alimentation, restauration et distributeurs"),
        new("4292", "alimentation", "alimentation, restauration et distributeurs"),
        new("391", "mobilier", "mobilier"),
        new("301", "impression", "équipements d'impression et consommables"),
        new("798", "impression", "équipements d'impression et consommables"),
        new("3019", "papier", "papier à copier et papier graphique"),
        new("3019", "papier", "papier à copier et papier graphique"),
        new("452", "batiment", "conception, construction et gestion des bâtiments de bureaux"),
        new("453", "batiment", "conception, construction et gestion des bâtiments de bureaux"),
        new("454", "batiment", "conception, construction et gestion des bâtiments de bureaux"),
        new("712", "batiment", "conception, construction et gestion des bâtiments de bureaux"),
        new("4523", "route", "conception, construction et entretien des routes"),
        new("4423", "route", "conception, construction et entretien des routes"),
        new("3499", "eclairage", "éclairage public et signalisation routière"),
        new("3152", "eclairage", "éclairage public et signalisation routière"),
        new("4531", "eclairage", "éclairage public et signalisation routière"),
        new("341", "transport", "transport routier (véhicules et services)"),
        new("601", "transport", "transport routier (véhicules et services)"),
        new("9051", "transport", "transport routier (véhicules et services)"),
        new("18", "textile", "textiles"),
        new("391", "textile", "textiles"),
        new("7731", "espaces-verts", "produits et services de jardinage, entretien des espaces publics"),
        new("7721", "espaces-verts", "produits et services de jardinage, entretien des espaces publics"),
        new("0311", "espaces-verts", "produits et services de jardinage, entretien des espaces publics"),
        new("4533", "chauffage", "chauffage, eau chaude, robinetterie et sanitaires"),
        new("4471", "chauffage", "chauffage, eau chaude, robinetterie et sanitaires"),
        new("3971", "chauffage", "chauffage, eau chaude, robinetterie et sanitaires"),
        new("9040", "eaux-usees", "infrastructures d'eaux usées"),
        new("45232", "eaux-usees", "infrastructures d'eaux usées"),
        new("331", "sante", "équipements électriques et électroniques de santé"),
        new("44111", "isolation", "isolation thermique et panneaux muraux"),
        new("45321", "isolation", "isolation thermique et panneaux muraux"),
        new("905", "dechets", "collecte et traitement des déchets"),
    ];

    public static readonly Entry[] InsertionTrades =
    [
        new("45", "btp", "bâtiment et travaux publics"),
        new("7731", "espaces-verts", "espaces verts"),
        new("7721", "espaces-verts", "espaces verts"),
        new("909", "proprete", "propreté et nettoyage"),
        new("905", "dechets", "collecte et tri des déchets"),
        new("555", "restauration", "restauration collective"),
        new("9831", "blanchisserie", "blanchisserie"),
        new("98392", "demenagement", "déménagement"),
        new("6310", "demenagement", "déménagement et manutention"),
        new("507", "maintenance", "maintenance des bâtiments"),
        new("7971", "gardiennage", "gardiennage et accueil"),
        new("7999", "accueil", "accueil et services aux usagers"),
        new("9061", "voirie", "entretien de la voirie"),
        new("8531", "services-personne", "services à la personne"),
    ];

    /// <summary>
    /// The health, social and cultural services of article 77 of directive 2014/24/EU (the eForms SDK
    /// code list social-service-cpv, 115 CPV codes, here by prefix; all are "social and other specific
    /// services" of Annex XIV): services to people, where buyers most often pursue a social objective
    /// (BT-775), and the services article 77 lets buyers reserve to organisations with a public-service
    /// mission (BT-71 res-pub-ser). A prior of the social and the reserved heads.
    /// </summary>
    public static readonly Entry[] SocialServices =
    [
        new("85", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("75121", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("75122", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("75123", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("79622", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("79624", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("79625", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("8011", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("803", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("8042", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("8043", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("80511", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("8052", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("8059", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("925", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("926", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
        new("98133", "article-77", "services de santé, sociaux, d'enseignement et culturels"),
    ];

    public static readonly Entry[] ReservedFamilies =
    [
        new("7731", "espaces-verts", "entretien des espaces verts"),
        new("909", "nettoyage", "nettoyage des locaux"),
        new("9831", "blanchisserie", "blanchisserie"),
        new("7957", "mise-sous-pli", "mise sous pli et routage"),
        new("6411", "mise-sous-pli", "mise sous pli et routage"),
        new("7982", "imprimerie", "impression et reprographie"),
        new("7981", "imprimerie", "impression et reprographie"),
        new("7999", "numerisation", "numérisation et archivage"),
        new("7252", "numerisation", "numérisation et saisie"),
        new("555", "restauration", "restauration"),
        new("905", "dechets", "tri et recyclage des déchets"),
        new("4452", "conditionnement", "conditionnement et sous-traitance"),
        new("3919", "mobilier", "mobilier et menuiserie"),
        new("1522", "restauration", "restauration"),
    ];

    /// <summary>
    /// What a lot's own text says when it is reserved, in the languages of the EU: the terms of article 20
    /// of directive 2014/24/EU (article 38 of 2014/25/EU) in its language versions (sheltered workshops,
    /// economic operators whose aim is the social and professional integration of disabled or disadvantaged
    /// persons), and the national names of those who may bid (France: ESAT, entreprises adaptées, SIAE,
    /// L2113-12 and L2113-13 of the Code de la commande publique; Germany: Werkstätten für behinderte
    /// Menschen, Inklusionsbetriebe, § 118 GWB; Spain: centros especiales de empleo, empresas de
    /// inserción, Ley 9/2017 DA 4ª; Italy: laboratori protetti, cooperative sociali, d.lgs. 36/2023 art. 61;
    /// Poland: zakłady pracy chronionej, spółdzielnie socjalne, Pzp art. 94; Netherlands and Belgium:
    /// sociale werkplaatsen, maatwerkbedrijven; United Kingdom: supported businesses, PCR 2015 reg. 20;
    /// Nordic, Hungarian and Romanian equivalents). Phrases, so that "réservoir" or "se réserve le droit"
    /// do not count; matched on the lot's folded letters. A feature of the reserved head ("mention:reservation").
    /// </summary>
    public static readonly string[] ReservationMentions =
    [
        "marché réservé", "marchés réservés", "lot réservé", "lots réservés", "réservé aux structures", "réservée aux structures",
        "réservé insertion", "réservé à l'insertion", "réservé aux SIAE", "réservé aux ESAT", "entreprises adaptées", "entreprise adaptée",
        "établissements et services d'aide par le travail", "ateliers protégés", "handicapés ou défavorisés",
        "sheltered workshop", "sheltered employment", "supported business", "supported factor", "reserved contract", "contract is reserved",
        "disabled or disadvantaged", "disadvantaged workers", "social and professional integration",
        "Werkstätten für behinderte", "Werkstatt für behinderte", "Behindertenwerkstatt", "Inklusionsbetrieb", "Integrationsbetrieb",
        "soziale und berufliche Integration",
        "centros especiales de empleo", "centro especial de empleo", "centros especiales de trabajo", "centro especial de trabajo",
        "centres especials de treball", "empresas de inserción", "contrato reservado", "contratos reservados",
        "integración social y profesional",
        "laboratori protetti", "cooperative sociali", "cooperativa sociale", "appalto riservato", "integrazione sociale e professionale",
        "oficinas protegidas",
        "zakładów pracy chronionej", "zakład pracy chronionej", "zakłady pracy chronionej", "spółdzielni socjalnych", "spółdzielnie socjalne",
        "zamówienie zastrzeżone", "integracja społeczna i zawodowa",
        "sociale werkplaats", "beschutte werkplaats", "sociale werkvoorziening", "maatwerkbedrijf", "voorbehouden opdracht",
        "skyddad verksamhet", "sociala företag", "beskyttede værksteder", "työkeskuks", "sosiaaliset yritykset",
        "védett foglalkoztat", "unități protejate", "unităților protejate", "întreprinderi sociale de inserție",
    ];

    /// <summary>Words that name the French beneficiaries of a reservation on their own (L2113-12, L2113-13).</summary>
    public static readonly string[] ReservationWords = ["esat", "siae"];

    /// <summary>The entries whose CPV prefix starts one of the lot's CPV codes (8 digits).</summary>
    public static IEnumerable<Entry> For(Entry[] table, IEnumerable<string> cpvs)
    {
        foreach (var entry in table)
        {
            if (cpvs.Any(c => c.StartsWith(entry.CpvPrefix, StringComparison.Ordinal))) yield return entry;
        }
    }
}
