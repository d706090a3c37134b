using System.Globalization;
using System.Text;
using ClausesSociales.Notices;
using ClausesSociales.Storage;
using ClausesSociales.Structures;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/structures</c>: an ESS structure finds itself by SIRET (one point read), by SIREN (its
/// establishments, a range read) or by words of its name, town or postal code (a read of those
/// columns only, twenty results at most, with how to narrow a longer list), and reaches its public
/// record in the annuaire des entreprises.
/// </summary>
public sealed class StructuresPage(ClausesStorage storage)
{
    public const int MaxResults = 20;

    public async Task<WebPage> HandleAsync(IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        var q = query.TryGetValue("q", out var v) ? (v ?? "").Trim() : "";
        if (q.Length > 200) q = q[..200];
        var body = new StringBuilder("<p>Retrouvez votre structure (SIAE, ESAT, entreprise adaptée, SCOP, SCIC, association) par son SIRET, son SIREN ou son nom (ajoutez sa ville ou son code postal pour préciser).</p>");
        body.Append("<form class=\"filters\" method=\"get\" action=\"/structures\" role=\"search\"><div><label for=\"q\">SIRET, SIREN ou nom de la structure</label>");
        body.Append($"<input id=\"q\" name=\"q\" type=\"search\" value=\"{Html.E(q)}\" autocomplete=\"organization\"></div><div><button type=\"submit\">Rechercher</button></div></form>");
        if (q.Length == 0) return new WebPage(200, Page("Structures de l'économie sociale et solidaire", body.ToString()));

        var digits = Siret.Normalize(q);
        var found = new List<StructureEntity>();
        if (digits.Length == 14 && digits.All(char.IsAsciiDigit))
        {
            if (!Siret.IsValid(digits))
            {
                body.Append("<p class=\"empty\" role=\"alert\">Ce numéro n'est pas un SIRET valide (14 chiffres, clé de contrôle).</p>");
                return new WebPage(400, Page("Structures de l'économie sociale et solidaire", body.ToString()));
            }
            if (await Structures.StructureStore.FindAsync(storage, digits, cancellationToken) is { } one) found.Add(one);
        }
        else if (digits.Length == 9 && digits.All(char.IsAsciiDigit))
        {
            if (!Siret.IsValidSiren(digits))
            {
                body.Append("<p class=\"empty\" role=\"alert\">Ce numéro n'est pas un SIREN valide (9 chiffres, clé de contrôle).</p>");
                return new WebPage(400, Page("Structures de l'économie sociale et solidaire", body.ToString()));
            }
            // A SIREN: the establishments of the company, a range of SIRETs (":" sorts right after "9").
            var last = digits + ":";
            await foreach (var s in storage.Table(StorageNames.Structures).QueryAsync<StructureEntity>(
                e => e.PartitionKey == StructureEntity.Partition && e.RowKey.CompareTo(digits) >= 0 && e.RowKey.CompareTo(last) < 0, select: Listed, cancellationToken: cancellationToken))
            {
                found.Add(s);
            }
        }
        else if (q.Length >= 3)
        {
            // Every word of the search in the name, the town or the postal code: "metallerie" finds "Métallerie", "jardins bondy" the one of Bondy.
            var words = NoticeValues.Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            await foreach (var s in storage.Table(StorageNames.Structures).QueryAsync<StructureEntity>(e => e.PartitionKey == StructureEntity.Partition,
                select: Listed, cancellationToken: cancellationToken))
            {
                var text = NoticeValues.Fold($"{s.Name} {s.City} {s.PostalCode}");
                if (words.All(w => text.Contains(w, StringComparison.Ordinal))) found.Add(s);
            }
        }
        else
        {
            body.Append("<p class=\"empty\" role=\"alert\">Saisissez au moins trois lettres du nom, ou le SIRET ou le SIREN.</p>");
            return new WebPage(200, Page("Structures de l'économie sociale et solidaire", body.ToString()));
        }

        if (found.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucune structure connue ne correspond à cette recherche. ");
            body.Append(digits.Length == 14 && digits.All(char.IsAsciiDigit)
                ? $"<a href=\"/structures/ajout?siret={Html.E(Uri.EscapeDataString(digits))}\">Demander l'ajout de ce SIRET à l'annuaire</a>"
                : "<a href=\"/structures/ajout\">Demander l'ajout de votre structure à l'annuaire</a>");
            body.Append("</p>");
        }
        else body.Append($"<p>{Plurals.Count(found.Count, "structure trouvée", "structures trouvées")}{(found.Count > MaxResults ? $", les {MaxResults} premières par ordre alphabétique. Pour trouver la vôtre, ajoutez un autre mot du nom, la ville ou le code postal, ou saisissez le SIRET" : "")}.</p>");
        foreach (var s in found.OrderBy(s => s.Name, StringComparer.Create(LotCards.French, true)).Take(MaxResults))
        {
            body.Append("<article class=\"card\">");
            body.Append($"<h2>{Html.StructureLink(s.RowKey, s.Name)}</h2>");
            body.Append($"<p class=\"meta\">{Html.E(StructureKinds.TryParse(s.Kind, out var kind) ? kind.InFrench() : s.Kind)} · SIRET\u00A0{Html.E(Siret.InFrench(s.RowKey))}</p>");
            body.Append($"<p class=\"meta\">{Html.E(string.Join(" ", new[] { s.Address, s.PostalCode, s.City }.Where(p => !string.IsNullOrWhiteSpace(p))))}</p>");
            body.Append($"<p><a class=\"action\" href=\"{Html.E(Digests.SubscriptionLinks.SubscribePath(s.RowKey))}\">Recevoir les alertes</a></p>");
            body.Append("</article>");
        }
        if (found.Count > 0) body.Append("<p class=\"meta\">Votre structure n'est pas dans la liste ? <a href=\"/structures/ajout\">Demander son ajout à l'annuaire</a></p>");
        return new WebPage(200, Page("Structures de l'économie sociale et solidaire", body.ToString()));
    }

    /// <summary>The columns a result shows.</summary>
    private static readonly string[] Listed = ["RowKey", "Name", "Kind", "City", "PostalCode", "Department", "Address"];

    /// <summary>A page of the "/structures" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: "/structures");
}
