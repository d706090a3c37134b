using System.Text;
using Azure;
using ClausesSociales.Storage;
using ClausesSociales.Structures;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/structures/ajout</c>: a structure whose SIRET is not in the directory asks to be added. The
/// POST, with the anti-forgery token, checks the SIRET's key, the address and the lengths, and
/// records one PendingStructures row per SIRET for the admins (a second request for the same SIRET
/// changes nothing); a SIRET already in the directory is sent to its subscription page instead.
/// </summary>
public sealed class PendingStructurePage(ClausesStorage storage, AntiForgery antiForgery, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxMessage = 1000;
    private const string Title = "Demander l'ajout d'une structure";

    public async Task<WebPage> HandleAsync(WebRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsPost) return Form(request, Siret.Normalize(request.QueryValue("siret")) is { Length: <= 14 } s ? s : "", "", "", "", "", "", [], 200);
        if (!request.IsGenuine(antiForgery)) return Refusals.AntiForgery();

        var siret = Siret.Normalize(request.Field("siret"));
        var name = request.Field("name");
        // A textarea sends each line break as two characters; the browser counted one against maxlength.
        var message = request.Field("message").Replace("\r\n", "\n", StringComparison.Ordinal);
        var errors = new List<string>();
        if (siret.Length != 14 || !siret.All(char.IsAsciiDigit) || !Siret.IsValid(siret)) errors.Add("Le SIRET doit compter 14 chiffres et sa clé de contrôle être juste.");
        if (name.Length is < 2 or > MaxName) errors.Add($"Indiquez le nom de la structure ({MaxName} caractères au plus).");
        if (!EmailAddress.TryNormalize(request.Field("email"), out var email)) errors.Add(EmailAddress.Invalid);
        if (message.Length > MaxMessage) errors.Add($"La présentation compte {Plurals.Count(message.Length, "caractère", "caractères")} : {MaxMessage.ToString("N0", LotCards.French)} au plus.");
        var kind = request.Field("kind").Trim();
        if (kind.Length > 0 && !Enum.TryParse<StructureKind>(kind, ignoreCase: false, out _)) { errors.Add("Choisissez le type de structure dans la liste proposée."); kind = ""; }
        var postCode = request.Field("post_code").Trim();
        if (postCode.Length > 0 && (postCode.Length != 5 || !postCode.All(char.IsAsciiDigit))) errors.Add("Le code postal compte 5 chiffres.");
        if (errors.Count > 0) return Form(request, Cut(siret, 14), Cut(name, MaxName), Cut(request.Field("email"), EmailAddress.MaxLength), Cut(message, MaxMessage), kind, Cut(postCode, 5), errors, 400);

        if (await StructureStore.FindAsync(storage, siret, cancellationToken) is { } known)
        {
            return new WebPage(200, Page(Title,
                $"<p class=\"notice\">{Html.StructureLink(known.RowKey, known.Name)} est déjà dans l'annuaire. " +
                $"<a href=\"{Html.E(Digests.SubscriptionLinks.SubscribePath(known.RowKey))}\">Recevoir ses alertes</a></p>"));
        }
        var table = storage.Table(StorageNames.PendingStructures);
        await table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(PendingStructureEntity.For(siret, name, email, message.Length == 0 ? null : message, clock.GetUtcNow(),
                kind.Length == 0 ? null : kind, postCode.Length == 0 ? null : postCode), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already asked: the first request stands, and the page does not tell who made it.
        }
        return new WebPage(200, Page("Demande enregistrée",
            $"<p class=\"notice\" role=\"status\">La demande d'ajout du SIRET {Html.E(Siret.InFrench(siret))} est enregistrée. Un administrateur la vérifiera avant d'ajouter la structure à l'annuaire ; " +
            "vous pourrez ensuite vous abonner aux alertes depuis la recherche de structures.</p><p><a href=\"/structures\">Retour à la recherche de structures</a></p>"));
    }

    private static string Cut(string value, int length) => value.Length > length ? value[..length] : value;

    private WebPage Form(WebRequest request, string siret, string name, string email, string message, string kind, string postCode, IReadOnlyList<string> errors, int status)
    {
        var body = new StringBuilder("<p>Votre structure (SIAE, ESAT, entreprise adaptée, SCOP, SCIC, association) n'est pas dans l'annuaire ? Demandez son ajout : un administrateur vérifie chaque demande.</p>");
        body.Append(SubscriptionForm.Errors(errors));
        body.Append("<form class=\"panel\" method=\"post\" action=\"/structures/ajout\">").Append(antiForgery.Field(request.Cookie));
        body.Append($"<div class=\"field\"><label for=\"siret\">SIRET (14 chiffres)</label><input id=\"siret\" name=\"siret\" required inputmode=\"numeric\" maxlength=\"17\" value=\"{Html.E(siret)}\"></div>");
        body.Append($"<div class=\"field\"><label for=\"name\">Nom de la structure</label><input id=\"name\" name=\"name\" required maxlength=\"{MaxName}\" autocomplete=\"organization\" value=\"{Html.E(name)}\"></div>");
        body.Append($"<div class=\"field\"><label for=\"email\">Adresse e-mail de contact</label><input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"{EmailAddress.MaxLength}\" autocomplete=\"email\" value=\"{Html.E(email)}\"></div>");
        body.Append("<div class=\"field\"><label for=\"kind\">Type de structure (facultatif)</label><select id=\"kind\" name=\"kind\"><option value=\"\">Je ne sais pas</option>");
        foreach (var k in Enum.GetValues<StructureKind>()) body.Append($"<option value=\"{Html.E(k.ToString())}\"{(k.ToString() == kind ? " selected" : "")}>{Html.E(k.InFrench())}</option>");
        body.Append("</select></div>");
        body.Append($"<div class=\"field\"><label for=\"post_code\">Code postal de la structure (facultatif)</label><input id=\"post_code\" name=\"post_code\" inputmode=\"numeric\" maxlength=\"5\" autocomplete=\"postal-code\" value=\"{Html.E(postCode)}\"></div>");
        body.Append($"<div class=\"field\"><label for=\"message\">Présentation : métiers, zone d'intervention (facultatif)</label><textarea id=\"message\" name=\"message\" rows=\"4\" maxlength=\"{MaxMessage}\">{Html.E(message)}</textarea></div>");
        body.Append("<div><button type=\"submit\">Envoyer la demande</button></div></form>");
        return new WebPage(status, Page(Title, body.ToString()));
    }

    /// <summary>A page of the "/structures" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: "/structures");
}
