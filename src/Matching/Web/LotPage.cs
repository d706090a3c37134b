using System.Text;
using ClausesSociales.CodeLists;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// A lot's page (<c>/lots/{source}/{noticeId}/{lotId}</c>): what the notice says, the link to the
/// notice (http(s) only), why it could carry a clause, and every matched structure with its
/// reasons and its public record. Two point reads: the lot, and its partition of Matches.
/// </summary>
public sealed class LotPage(ClausesStorage storage, CodeLabels labels)
{
    public async Task<WebPage> HandleAsync(string source, string noticeId, string lotId, CancellationToken cancellationToken)
    {
        var found = await storage.Lots.GetEntityIfExistsAsync<LotEntity>(TableKeys.Notice(source, noticeId), LotEntity.Row(source, noticeId, lotId), cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } lot || lot.Source != source || lot.NoticeId != noticeId)
        {
            return new WebPage(404, Page("Lot introuvable", $"<p class=\"empty\">Ce lot n'existe pas ou n'est plus publié. {Html.Local("/", "Retour aux lots")}</p>"));
        }
        var matches = new List<MatchEntity>();
        await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(MatchEntity.LotFilter(source, noticeId, lotId), cancellationToken: cancellationToken)) matches.Add(m);
        matches.Sort((a, b) => a.Rank.CompareTo(b.Rank));

        var body = new StringBuilder("<article class=\"card\">");
        body.Append($"<p class=\"meta\">{Html.E(lot.BuyerName ?? "Acheteur non précisé")} · {Html.E(LotCards.Place(lot.Departments))}</p>");
        body.Append($"<p class=\"meta\">{Html.E(LotCards.Deadline(lot.Deadline))}");
        if (LotCards.Value(lot.EstimatedValue) is { } value) body.Append($" · {Html.E(value)}");
        body.Append("</p>");
        if (lot.MainCpv is not null) body.Append($"<p class=\"meta\">CPV : {Html.E(labels.Cpv(lot.MainCpv))}</p>");
        body.Append($"<p class=\"meta\">Avis {Html.E(lot.NoticeId)}, lot {Html.E(lot.LotId)} · {Html.E(LotCards.PublishedIn(lot.Source, lot.Url))}{(lot.PublicationDate is { } day ? " le " + Html.E(LotCards.LongDate(day)) : "")}</p>");
        if (!lot.IsCurrent()) body.Append($"<p role=\"alert\"><strong>Cet avis a été remplacé par l'avis rectificatif {Html.E(lot.SupersededBy)}.</strong></p>");
        bool reserved = lot.CouldBeReserved(), social = lot.CouldCarrySocialClause(), green = lot.CouldCarryGreenClause();
        body.Append(LotCards.Tags(reserved, lot.ReservedMarkers, lot.ReservedProbability, social, lot.SocialMarkers, lot.SocialProbability, green, lot.GreenMarkers, lot.GreenProbability));
        if (lot.Description is { Length: > 0 } description) body.Append($"<p>{Html.E(description)}</p>");
        body.Append(SafeUrl.Http(lot.Url) is { } url
            ? $"<p>{Html.Link(url, "Voir l'avis sur le site de publication")}</p>"
            : "<p class=\"meta\">Lien vers l'avis non disponible.</p>");
        if (lot.Reasons is { Length: > 0 }) body.Append("<h2>Pourquoi ces estimations\u00A0?</h2>" + LotCards.Reasons(lot.Reasons, 20));
        if (Matching.InclusivePotential.Advice(matches.FirstOrDefault()?.Potential) is { } recommendation) body.Append($"<p><strong>{Html.E(recommendation)}</strong></p>");
        body.Append("</article>");

        // The stored list holds the best-placed structures only: a full one says so rather than pass for all of them.
        body.Append(matches.Count >= Pipeline.MatchLotsHandler.TopPerLot
            ? $"<h2>Les {matches.Count} structures les mieux placées pour répondre</h2>"
            : $"<h2>Structures capables de répondre ({matches.Count})</h2>");
        if (matches.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucune structure de l'économie sociale et solidaire connue ne correspond à ce lot.</p>");
        }
        else
        {
            body.Append("<p class=\"meta\">Classées par score d'adéquation au lot : métier, proximité, éligibilité, probabilité d'une clause ou d'une réservation, taille de la structure.</p>");
            body.Append("<table><thead><tr><th scope=\"col\">Rang</th><th scope=\"col\">Structure</th><th scope=\"col\">Type</th><th scope=\"col\">Distance</th><th scope=\"col\">Adéquation</th><th scope=\"col\">Raisons</th></tr></thead><tbody>");
            foreach (var m in matches)
            {
                body.Append($"<tr><td data-label=\"Rang\">{m.Rank}</td><td data-label=\"Structure\">{Html.StructureLink(m.Siret, m.Name)}<br><span class=\"meta\">SIRET\u00A0{Html.E(Structures.Siret.InFrench(m.Siret))} · {Html.E(LotCards.Place(m.Department))}</span></td><td data-label=\"Type\">{Html.E(Structures.StructureKinds.TryParse(m.Kind, out var kind) ? Structures.StructureKinds.InFrench(kind) : m.Kind)}</td>");
                body.Append($"<td data-label=\"Distance\">{(m.DistanceKm is { } km ? Html.E(km.ToString("F0", LotCards.French) + " km") : "–")}</td><td data-label=\"Adéquation\">{Html.E(LotCards.Percent(m.Score))}</td><td data-label=\"Raisons\">{LotCards.Reasons(m.Reasons, 10)}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        body.Append($"<p>{Html.Local("/", "Retour aux lots")}</p>");
        return new WebPage(200, Page(lot.Title ?? "(sans titre)", body.ToString(), estimates: true));
    }

    /// <summary>A page of the "/" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: "/");
}
