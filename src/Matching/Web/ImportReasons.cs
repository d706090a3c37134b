using System.Text.RegularExpressions;

namespace ClausesSociales.Web;

/// <summary>
/// The structures importer's reasons (English, as the CLI prints them) in French for the console's
/// per-line report; a reason this table does not know is shown as it is.
/// </summary>
public static class ImportReasons
{
    private static readonly (Regex Pattern, string French)[] Table =
    [
        (R(@"^invalid SIRET '(.*)' \(14 digits with a valid check digit\)$"), "SIRET « $1 » invalide (14 chiffres dont une clé de contrôle)"),
        (R(@"^no name$"), "nom absent"),
        (R(@"^unknown kind '(.*)' \(expected .*\)$"), "type « $1 » inconnu (attendu : ACI, AI, EI, ETTI, EITI, GEIQ, ESAT, EA, SCOP, SCIC ou Association)"),
        (R(@"^unknown department '(.*)' and post code '(.*)'$"), "département « $1 » et code postal « $2 » inconnus"),
        (R(@"^invalid coordinates '(.*)', '(.*)'$"), "coordonnées « $1 », « $2 » invalides"),
        (R(@"^coordinates (\S+), (\S+) are (\d+) km from department (\S+) \((.*)\)$"), "coordonnées $1, $2 à $3 km du département $4 ($5)"),
        (R(@"^activities '(.*)' are not CPV prefixes$"), "activités « $1 » : ce ne sont pas des préfixes CPV"),
        (R(@"^area '(.*)' is not .*$"), "zone « $1 » invalide (attendu : un rayon de 1 000 km au plus comme 30km, des départements comme dep:93,94, des régions comme reg:11, ou national)"),
        (R(@"^no coordinates: placed at the centre of department (\S+)$"), "sans coordonnées : placée au centre du département $1"),
        (R(@"^no NAF code: typical activities of an? (\S+) assumed$"), "sans code NAF : activités habituelles d'une structure $1 retenues"),
        (R(@"^NAF '(.*)' is not in the mapping: typical activities of an? (\S+) assumed$"), "NAF « $1 » absent de la table NAF-CPV : activités habituelles d'une structure $2 retenues"),
        (R(@"^NAF '(.*)' maps to no activity: .*$"), "NAF « $1 » sans activité connue : la structure ne correspondra à aucun lot tant que des activités ne seront pas ajoutées"),
        (R(@"^SIRET seen on an earlier line: this line replaces it$"), "SIRET déjà présent plus haut : cette ligne le remplace"),
        (R(@"^the structures file is empty$"), "le fichier est vide"),
        (R(@"^the structures file has no column (.*) \(header: (.*)\)$"), "le fichier n'a pas de colonne $1 (en-tête : $2)"),
    ];

    /// <summary>Patterns on text built from uploaded fields: with a timeout, as every pattern run on untrusted text.</summary>
    internal static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));

    public static string French(string reason) => Translate(Table, reason);

    /// <summary>The reason rewritten by the first pattern of the table it matches, else as it is.</summary>
    internal static string Translate((Regex Pattern, string French)[] table, string reason)
    {
        foreach (var (pattern, french) in table)
        {
            try
            {
                if (pattern.IsMatch(reason)) return pattern.Replace(reason, french);
            }
            catch (RegexMatchTimeoutException)
            {
                return reason;
            }
        }
        return reason;
    }
}
