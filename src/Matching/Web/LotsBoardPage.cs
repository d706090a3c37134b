using System.Text;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// The public lots board (<c>/</c>): open lots that could be reserved or carry a clause, filtered
/// by department or region, kind of clause, CPV division and deadline, twenty a page in deadline
/// order. A page is one range query on one partition of the Board index (<see cref="BoardFilter"/>).
/// </summary>
public sealed class LotsBoardPage(ClausesStorage storage, CodeLabels labels, TimeProvider clock)
{
    public async Task<WebPage> HandleAsync(IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        var filter = BoardFilter.Parse(query);
        if (filter.CpvDivision is { } division && !CpvDivisions.All(labels).Any(d => d.Code == division))
        {
            filter = filter with { CpvDivision = null, Problems = [.. filter.Problems, "Division CPV inconnue : filtre ignoré."] };
        }
        var (lots, more) = await ReadAsync(filter, cancellationToken);
        var body = new StringBuilder();
        body.Append("<p>Lots ouverts des avis publiés qui pourraient être réservés à des structures de l'économie sociale et solidaire ou porter une clause sociale ou environnementale, avec les structures proches capables d'y répondre.</p>");
        body.Append($"<p class=\"meta\">Structure de l'ESS ? {Html.Local("/structures", "Retrouvez votre structure")} pour recevoir par e-mail les lots de votre métier et de votre zone.</p>");
        foreach (var problem in filter.Problems) body.Append($"<p class=\"empty\" role=\"alert\">{Html.E(problem)}</p>");
        body.Append(Form(filter));
        if (lots.Count == 0) body.Append($"<p class=\"empty\">Aucun lot ouvert ne correspond à ces critères.{(filter.IsFiltered ? " " + Html.Local("/", "Voir tous les lots ouverts") : "")}</p>");
        foreach (var lot in lots) body.Append(Card(lot));
        body.Append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (filter.After is not null) body.Append(Html.Local("/" + filter.QueryString(null), "Première page"));
        if (more) body.Append(Html.Local("/" + filter.QueryString(lots[^1].RowKey), "Page suivante"));
        body.Append("</nav>");
        return new WebPage(200, Page("Lots à clauses sociales et marchés réservables", body.ToString(), estimates: true));
    }

    /// <summary>One page of the board and whether another follows.</summary>
    public async Task<(IReadOnlyList<BoardEntity> Lots, bool More)> ReadAsync(BoardFilter filter, CancellationToken cancellationToken)
    {
        var lots = new List<BoardEntity>();
        var table = storage.Table(StorageNames.Board);
        var now = clock.GetUtcNow();
        var buckets = new List<string>();
        if (BoardEntity.BucketList(filter.Scope) is { } list)
        {
            var first = Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {list} and RowKey ge {filter.FirstBucket(now)}");
            await foreach (var bucket in table.QueryAsync<BoardBucketEntity>(first, select: ["RowKey"], cancellationToken: cancellationToken)) buckets.Add(bucket.RowKey);
        }
        else
        {
            buckets.Add(filter.FirstBucket(now));
        }
        var last = filter.Before is { } before ? BoardEntity.Bucket(filter.Scope, new DateTimeOffset(before.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : null;
        foreach (var week in buckets)
        {
            if (last is not null && string.CompareOrdinal(week, last) > 0) break;
            try
            {
                var rows = storage.Table(BoardEntity.TableOf(BoardEntity.Partition(filter.Scope, week)));
                await foreach (var page in rows.QueryAsync<BoardEntity>(filter.TableFilter(now, week), maxPerPage: BoardFilter.PageSize + 1 - lots.Count, cancellationToken: cancellationToken).AsPages())
                {
                    lots.AddRange(page.Values);
                    if (lots.Count > BoardFilter.PageSize) break;
                }
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                // No lot was ever indexed in this scope and bucket.
            }
            if (lots.Count > BoardFilter.PageSize) break;
        }
        return lots.Count > BoardFilter.PageSize ? (lots.Take(BoardFilter.PageSize).ToList(), true) : (lots, false);
    }

    private string Form(BoardFilter filter)
    {
        var form = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/\" role=\"search\">");
        form.Append("<div><label for=\"reg\">Région</label><select id=\"reg\" name=\"reg\"><option value=\"\">Toutes</option>");
        foreach (var region in FrenchGeography.Instance.Departments.GroupBy(d => d.RegionCode).Select(g => g.First()).OrderBy(d => d.RegionName, StringComparer.Create(LotCards.French, false)))
        {
            form.Append(Option(region.RegionCode, region.RegionName, filter.Region));
        }
        form.Append("</select></div><div><label for=\"dep\">Département</label><select id=\"dep\" name=\"dep\"><option value=\"\">Tous</option>");
        foreach (var d in FrenchGeography.Instance.Departments) form.Append(Option(d.Code, $"{d.Code} {d.Name}", filter.Department));
        form.Append("</select></div><div><label for=\"kind\">Type</label><select id=\"kind\" name=\"kind\"><option value=\"\">Tous</option>");
        foreach (var (value, label) in BoardFilter.Kinds) form.Append(Option(value, label, filter.Kind));
        form.Append("</select></div><div><label for=\"cpv\">Secteur d'activité</label><select id=\"cpv\" name=\"cpv\"><option value=\"\">Tous</option>");
        foreach (var (code, label) in CpvDivisions.All(labels)) form.Append(Option(code, $"{code} {label}", filter.CpvDivision));
        form.Append("</select></div>");
        form.Append($"<div><label for=\"before\">Réponse avant le</label><input id=\"before\" name=\"before\" type=\"date\" value=\"{Html.E(filter.Before?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}\"></div>");
        form.Append("<div class=\"actions\"><button type=\"submit\">Filtrer</button>");
        if (filter.IsFiltered) form.Append(" " + Html.Local("/", "Effacer les filtres"));
        form.Append("</div></form>");
        return form.ToString();
    }

    private static string Option(string value, string label, string? selected) =>
        $"<option value=\"{Html.E(value)}\"{(value == selected ? " selected" : "")}>{Html.E(label)}</option>";

    private string Card(BoardEntity lot)
    {
        var card = new StringBuilder("<article class=\"card\">");
        card.Append($"<h2>{Html.Local(LotCards.LotPath(lot.Source, lot.NoticeId, lot.LotId), lot.Title ?? "(sans titre)")}</h2>");
        card.Append($"<p class=\"meta\">{Html.E(lot.BuyerName ?? "Acheteur non précisé")} · {Html.E(LotCards.Place(lot.Departments))}</p>");
        card.Append($"<p class=\"meta\">{Html.E(LotCards.Deadline(lot.Deadline))}");
        if (LotCards.Value(lot.EstimatedValue) is { } value) card.Append($" · {Html.E(value)}");
        if (lot.MainCpv is not null) card.Append($" · {Html.E(labels.Cpv(lot.MainCpv))}");
        card.Append("</p>");
        card.Append(LotCards.Tags(lot.IsReserved, lot.ReservedMarkers, lot.ReservedProbability, lot.IsSocial, lot.SocialMarkers, lot.SocialProbability, lot.IsGreen, lot.GreenMarkers, lot.GreenProbability));
        if (lot.Reasons is { Length: > 0 }) card.Append("<p class=\"meta\">Pourquoi ces estimations\u00A0?</p>" + LotCards.Reasons(lot.Reasons, 3));
        if (Matching.InclusivePotential.Advice(lot.Potential) is { } recommendation) card.Append($"<p><strong>{Html.E(recommendation)}</strong></p>");
        var structures = (lot.TopStructures ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(f => f.Length >= 5).ToList();
        if (structures.Count > 0)
        {
            card.Append("<p class=\"meta\">Structures les mieux placées :</p><ul class=\"reasons\">");
            foreach (var f in structures)
            {
                var caveat = InclusivePotential.Caveat(lot.Potential, f[2]) is { } c ? $", {Html.E(c)}" : "";
                card.Append($"<li>{Html.StructureLink(f[0], f[1])} ({Html.Kind(f[2])}{(f[3].Length > 0 ? $", {Html.E(f[3])}\u00A0km" : "")}{caveat})\u00A0: {Html.E(f[4])}</li>");
            }
            card.Append("</ul>");
        }
        return card.Append("</article>").ToString();
    }

    /// <summary>A page of the "/" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: "/");
}
