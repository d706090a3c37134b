using System.Globalization;
using System.Text;
using Azure;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/digests/{buyer}/{isoWeek}</c>: the web version of a buyer's weekly digest, the link at the top
/// of the e-mail, signed for that buyer and week and valid <see cref="SubscriptionLinks.DigestValidity"/>
/// after the week. It shows what the digest held when it was written (the blob
/// digests/{buyer}/{isoWeek}.json), each lot linking to its page and each structure to its public record.
/// </summary>
public sealed class DigestWebPage(ClausesStorage storage, SubscriptionLinks links, TimeProvider clock)
{
    public async Task<WebPage> HandleAsync(string buyer, string isoWeek, WebRequest request, CancellationToken cancellationToken)
    {
        var check = links.Verify(SubscriptionLinks.DigestPurpose, SubscriptionLinks.DigestValues(buyer, isoWeek), request.QueryValue("exp"), request.QueryValue("token"), clock.GetUtcNow());
        if (check != LinkCheck.Valid) return Refusals.Link(check, Refusals.LinkPage.Digest);
        Digest? digest = null;
        try
        {
            var blob = await storage.Container(StorageNames.Digests).GetBlobClient($"{buyer}/{isoWeek}.json").DownloadContentAsync(cancellationToken);
            digest = blob.Value.Content.ToObjectFromJson<Digest>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        if (digest is null) return new WebPage(404, Html.Page("Synthèse introuvable", "<p class=\"empty\">Cette synthèse n'existe plus. <a href=\"/\">Voir les lots</a></p>"));
        return new WebPage(200, Html.Page($"{digest.RecipientName} – {digest.Week}", Body(digest), estimates: true));
    }

    internal static string Body(Digest digest)
    {
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p>Cette semaine, <strong>{Plurals.Count(digest.LotCount, "lot", "lots")}</strong> de vos consultations {Plurals.Of(digest.LotCount, "est réservé ou pourrait l'être", "sont réservés ou pourraient l'être")}, ou porter une clause sociale ou environnementale, ");
        body.Append(CultureInfo.InvariantCulture, $"et <strong>{digest.AtLeast}{Plurals.Count(digest.StructuresNearby, "structure", "structures")} de l'économie sociale et solidaire</strong> à proximité {Plurals.Of(digest.StructuresNearby, "peut", "peuvent")} y répondre.{(digest.StructuresNearby > 0 ? " Les mieux placées sont citées sous chaque lot." : "")}</p>");
        foreach (var section in digest.Sections)
        {
            body.Append($"<h2>{Html.E(section.Title)}</h2><p class=\"meta\">{Html.E(section.Explanation)}</p>");
            foreach (var lot in section.Lots)
            {
                body.Append("<article class=\"card\">");
                body.Append($"<h3>{Html.Local(LotCards.LotPath(lot.Source, lot.NoticeId, lot.LotId), lot.Title)}</h3>");
                body.Append($"<p class=\"meta\">Avis {Html.E(lot.NoticeId)} · lot {Html.E(lot.LotId)}{(lot.Cpv is null ? "" : " · " + Html.E(lot.Cpv))}</p>");
                var facts = new[] { lot.Place is null ? null : $"Lieu : {lot.Place}", lot.Value is null ? null : $"Montant estimé : {lot.Value}", lot.Deadline is null ? null : $"Réponse avant le {lot.Deadline}" }.OfType<string>().ToList();
                if (facts.Count > 0) body.Append($"<p class=\"meta\">{Html.E(string.Join(" · ", facts))}</p>");
                body.Append($"<p><strong>{Html.E(lot.Probability)}</strong>{(lot.Recommendation is null ? "" : " · " + Html.E(lot.Recommendation))}</p>");
                if (lot.Also is { } also) body.Append($"<p>{Html.E(also)}</p>");
                if (lot.Why is { } why) body.Append($"<p class=\"meta\">{Html.E(why)}</p>");
                if (lot.Structures.Count > 0)
                {
                    body.Append("<ul class=\"reasons\">");
                    foreach (var s in lot.Structures) body.Append($"<li>{Html.StructureLink(s.Siret, s.Name)} ({Html.Kind(s.Kind)}{(s.Distance is null ? "" : ", " + Html.E(s.Distance))}{(s.Caveat is null ? "" : ", " + Html.E(s.Caveat))}) – {Html.E(s.Reasons)}</li>");
                    body.Append("</ul>");
                }
                body.Append($"<p>{Html.Local(LotCards.LotPath(lot.Source, lot.NoticeId, lot.LotId), "Fiche du lot")}{(SafeUrl.Http(lot.Url) is null ? "" : " · " + Html.Link(lot.Url, "Voir l'avis"))}</p>");
                body.Append("</article>");
            }
        }
        body.Append($"<p class=\"meta\">{Html.Link(digest.ManageUrl, "Gérer mon abonnement")}</p>");
        return body.ToString();
    }
}
