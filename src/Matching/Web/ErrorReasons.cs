using System.Text.RegularExpressions;
using static ClausesSociales.Web.ImportReasons;

namespace ClausesSociales.Web;

/// <summary>
/// The pipeline's error reasons (English, as the reader and the logs give them: <see cref="Notices.NoticeParseException"/>)
/// and stage names in French for the admin console; a reason this table does not know is shown as it
/// is. Technical details quoted from the XML or JSON reader stay as the reader wrote them.
/// </summary>
public static class ErrorReasons
{
    private static readonly (Regex Pattern, string French)[] Table =
    [
        (R(@"^empty file$"), "fichier vide"),
        (R(@"^file is (.+) bytes, over the (.+)-byte limit \(setting (.+)\)$"), "fichier de $1 octets, au-delà de la limite de $2 octets (réglage $3)"),
        (R(@"^binary content: .*$"), "contenu binaire : le fichier contient des octets nuls, ce n'est pas un avis en texte"),
        (R(@"^file holds only white space$"), "le fichier ne contient que des espaces"),
        (R(@"^not a notice: the file starts with '(.*)', not with XML, HTML or JSON$"), "ce n'est pas un avis : le fichier commence par « $1 », ni XML, ni HTML, ni JSON"),
        (R(@"^XML has no root element in its first 4 KB$"), "XML sans élément racine dans ses 4 premiers Ko"),
        (R(@"^unknown XML notice: root element <(.*)> is not .*$"), "avis XML inconnu : l'élément racine <$1> n'est ni eForms, ni TED_EXPORT, ni l'ANNONCE du BOAMP"),
        (R(@"^invalid UTF-16 text at byte (\d+)$"), "texte UTF-16 invalide à l'octet $1"),
        (R(@"^not a BOAMP notice: root element is <(.*)>$"), "ce n'est pas un avis du BOAMP : l'élément racine est <$1>"),
        (R(@"^BOAMP notice has no DONNEES section$"), "avis du BOAMP sans section DONNEES"),
        (R(@"^JSON holds no BOAMP record .*$"), "le JSON ne contient aucun avis du BOAMP (idweb et donnees, ou un tableau results, attendus)"),
        (R(@"^record (\d+) has no idweb$"), "l'avis n° $1 n'a pas d'idweb"),
        (R(@"^field '(.*)' holds malformed JSON: (.*)$"), "le champ « $1 » contient du JSON mal formé : $2"),
        (R(@"^malformed JSON: (.*)$"), "JSON mal formé : $1"),
        (R(@"^not a TED export: root element is <(.*)>$"), "ce n'est pas un export TED : l'élément racine est <$1>"),
        (R(@"^TED export has no form in FORM_SECTION$"), "export TED sans formulaire dans FORM_SECTION"),
        (R(@"^TED export has no CODED_DATA_SECTION$"), "export TED sans CODED_DATA_SECTION"),
        (R(@"^XML nested deeper than (\d+) levels$"), "XML imbriqué sur plus de $1 niveaux"),
        (R(@"^malformed XML: Unexpected end of file has occurred\. The following elements are not closed: (.*?)\.?$"), "XML mal formé : fin de fichier inattendue, éléments non fermés : $1"),
        (R(@"^malformed XML: Unexpected end of file.*$"), "XML mal formé : fin de fichier inattendue, le fichier semble tronqué"),
        (R(@"^malformed XML: (.*)$"), "XML mal formé : $1"),
        (R(@"^unreadable XML: (.*)$"), "XML illisible : $1"),
        (R(@"^not an eForms notice: root element is <(.*)>$"), "ce n'est pas un avis eForms : l'élément racine est <$1>"),
        (R(@"^business registration notice .*$"), "avis d'immatriculation d'entreprise (société européenne ou GEIE) : ce n'est pas un avis de marché, il n'a aucun lot à rapprocher"),
        (R(@"^HTML page has no body$"), "page HTML sans corps (body)"),
        (R(@"^HTML page holds no notice: .*$"), "la page HTML ne contient aucun avis : ni titre, ni code CPV, ni lot"),
        (R(@"^a field is too long or too irregular to read \(pattern timed out after (.+) s on (.+) characters\)$"), "un champ est trop long ou trop irrégulier pour être lu (lecture arrêtée après $1 s sur $2 caractères)"),
        (R(@"^parser failure \((.*?)\): (.*)$"), "erreur du lecteur ($1) : $2"),
        (R(@"^XML not fetched from (\S+): (.*)$"), "XML non téléchargé depuis $1 : $2"),
        (R(@"^notice (.*?): storage refused it (.*)$"), "avis $1 : refusé par le stockage $2"),
    ];

    /// <summary>
    /// The reason in French, line by line (a file refused for several notices gives one line each),
    /// its numbers grouped the French way ("2,000" of the English reason reads "2 000", not two).
    /// </summary>
    public static string French(string? reason) =>
        string.Join("\n", (reason ?? "").Split('\n').Select(line => Grouped.Replace(Translate(Table, line), m => m.Value.Replace(',', '\u00A0'))));

    /// <summary>A reason standing alone (a cell of the quarantine table): each line starts with a capital, as "XML mal formé" does.</summary>
    public static string Sentence(string reason) =>
        string.Join("\n", reason.Split('\n').Select(line => line.Length == 0 ? line : char.ToUpper(line[0], LotCards.French) + line[1..]));

    private static readonly Regex Grouped = R(@"\b\d{1,3}(?:,\d{3})+\b");

    /// <summary>The stage of the pipeline an error row comes from, as an admin reads it.</summary>
    public static string Stage(string? stage) => stage switch
    {
        Pipeline.ParseNoticeHandler.Stage => "Lecture de l'avis",
        Pipeline.CollectNoticesHandler.Stage => "Collecte",
        _ => stage ?? "",
    };
}
