using System.Text.Json;
using System.Xml.Linq;

namespace ClausesSociales.Notices;

/// <summary>
/// Reads BOAMP open-data records: one record, an array of records, or an API page
/// (<c>{"results": [...]}</c>, possibly wrapped in <c>{"data": ...}</c>). Each record's
/// <c>donnees</c> holds FNSimple, MAPA or EFORMS content; EFORMS content is eForms UBL written as
/// JSON and is read by the eForms parser.
/// </summary>
public sealed class BoampJsonNoticeParser(EformsNoticeParser eforms)
{
    public IReadOnlyList<Notice> Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new NoticeParseException($"malformed JSON: {ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}",
                ex.LineNumber is { } l ? (int)l + 1 : null, ex.BytePositionInLine is { } p ? (int)p + 1 : null, ex);
        }
        using (document)
        {
            var records = Records(document.RootElement).ToList();
            if (records.Count == 0) throw new NoticeParseException("JSON holds no BOAMP record (expected idweb and donnees, or a results array)");
            return records.Select((r, i) => ParseRecord(r, i)).ToList();
        }
    }

    private static IEnumerable<JsonElement> Records(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in root.EnumerateArray().Where(IsRecord)) yield return item;
                break;
            case JsonValueKind.Object when IsRecord(root):
                yield return root;
                break;
            case JsonValueKind.Object:
                foreach (var key in (string[])["data", "results", "records"])
                {
                    if (root.TryGetProperty(key, out var inner))
                    {
                        foreach (var r in Records(inner)) yield return r;
                        yield break;
                    }
                }
                break;
        }
    }

    private static bool IsRecord(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("idweb", out _);

    private Notice ParseRecord(JsonElement record, int index)
    {
        var idweb = Str(record, "idweb") ?? throw new NoticeParseException($"record {index + 1} has no idweb");
        var donnees = Nested(record, "donnees");
        var gestion = Nested(record, "gestion");
        var defects = new List<string>();

        Notice? fromContent = null;
        if (donnees is { ValueKind: JsonValueKind.Object } d)
        {
            if (d.TryGetProperty("EFORMS", out var eformsJson))
            {
                fromContent = ParseEforms(eformsJson, idweb, defects);
            }
            else if (d.TryGetProperty("FNSimple", out var fns) || d.TryGetProperty("MAPA", out fns))
            {
                fromContent = ParseSimple(fns, record, idweb);
            }
            else
            {
                defects.Add($"donnees holds no FNSimple, MAPA or EFORMS content (keys: {string.Join(", ", d.EnumerateObject().Select(p => p.Name))})");
            }
        }
        else if (donnees is { } other)
        {
            defects.Add($"donnees is {Describe(other.ValueKind)}, not an object: only the record's own fields are read");
        }
        else
        {
            defects.Add("record has no donnees");
        }

        var markers = RecordMarkers(record, gestion);
        var departments = NoticeValues.Departments(StrList(record, "code_departement_prestation") is { Count: > 0 } dp ? dp : StrList(record, "code_departement"));
        var notice = fromContent ?? new Notice("boamp", idweb, NoticeKind.Other, null, Buyer.Unknown, null, null, "FR",
            [new Lot("1", Str(record, "objet"), null, null, [], [], departments, null, null, null, null, null, Markers.None)]);

        var lots = notice.Lots.Select(l => l with
        {
            Title = l.Title ?? NoticeValues.Clean(Str(record, "objet")),
            Departments = l.Departments.Count > 0 ? l.Departments : departments,
            Deadline = l.Deadline ?? NoticeValues.Deadline(Str(record, "datelimitereponse")),
            Markers = l.Markers.Merge(markers),
        }).ToList();
        if (lots.All(l => l.MainCpv is null)) defects.Add("no CPV code");

        return notice with
        {
            Source = "boamp",
            NoticeId = idweb,
            Kind = notice.Kind != NoticeKind.Other ? notice.Kind : BoampXmlNoticeParser.Kind(Str(record, "nature")),
            PublicationDate = NoticeValues.Date(Str(record, "dateparution")) ?? notice.PublicationDate,
            Buyer = notice.Buyer with { Name = notice.Buyer.Name ?? NoticeValues.Clean(Str(record, "nomacheteur")) },
            Title = NoticeValues.Clean(Str(record, "objet")) ?? notice.Title,
            Url = Str(record, "url_avis") ?? notice.Url,
            Language = "FR",
            Lots = lots,
            Defects = [.. notice.Defects, .. defects],
        };
    }

    private Notice ParseEforms(JsonElement eformsJson, string idweb, List<string> defects)
    {
        var root = JsonToXml(eformsJson).Elements().FirstOrDefault(e => EformsNoticeParser.RootElements.Contains(e.Name.LocalName));
        if (root is null)
        {
            defects.Add("EFORMS content has no ContractNotice, ContractAwardNotice or PriorInformationNotice");
            return new Notice("boamp", idweb, NoticeKind.Other, null, Buyer.Unknown, null, null, "FR", [new Lot("1", null, null, null, [], [], [], null, null, null, null, null, Markers.None)]);
        }
        return eforms.Parse(root, "boamp");
    }

    private static Notice ParseSimple(JsonElement content, JsonElement record, string idweb)
    {
        var organisme = Nested(content, "organisme");
        var initial = Nested(content, "initial") ?? content;
        var natureMarche = Nested(initial, "natureMarche");
        var procedure = Nested(initial, "procedure");
        var title = NoticeValues.Clean(Str(natureMarche, "intitule"));
        var mainCpv = NoticeValues.Cpv(Str(natureMarche, "codeCPV", "objetPrincipal", "classPrincipale"));
        var place = Str(natureMarche, "lieuExecution");
        var placeDepartments = Geography.FrenchGeography.Instance.FindInText(place).Select(d => d.Code).Distinct().ToList();
        var nature = Nested(natureMarche, "natureMarche") is { ValueKind: JsonValueKind.Object } n
            ? NoticeValues.Nature(n.EnumerateObject().FirstOrDefault().Name) : null;
        var deadline = NoticeValues.Deadline(Str(procedure, "dateReceptionOffres"));
        var (value, currency) = Value(Nested(natureMarche, "valeurEstimee"));
        var duration = NoticeValues.Months(Str(natureMarche, "dureeMois"), "MONTH");
        var markers = new MarkersBuilder();
        if (Nested(natureMarche, "reservationMarche") is { ValueKind: JsonValueKind.Object } reservation && reservation.TryGetProperty("oui", out var oui))
        {
            markers.Reserved(ExecutionConditions.IsInsertionReservation(oui.GetRawText()) ? MarkerCodes.ReservedInsertion : MarkerCodes.ShelteredWorkshops);
        }
        var noticeMarkers = markers.Build();

        var lots = new List<Lot>();
        foreach (var lot in Items(Nested(Nested(initial, "lots") ?? Nested(content, "lots"), "lot")))
        {
            var (lotValue, lotCurrency) = Value(Nested(lot, "estimationValeur") ?? Nested(lot, "valeurEstimee"));
            var lotPlace = Str(lot, "lieuExecutionLivraison");
            var lotDepartments = Geography.FrenchGeography.Instance.FindInText(lotPlace).Select(d => d.Code).Distinct().ToList();
            var description = NoticeValues.Clean(Str(lot, "description"));
            lots.Add(new Lot(
                Str(lot, "numero") ?? Str(lot, "numLot") ?? (lots.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                NoticeValues.Clean(Str(lot, "intitule")) ?? description,
                description,
                NoticeValues.Cpv(Str(lot, "codeCPV", "objetPrincipal", "classPrincipale")) ?? mainCpv,
                [],
                [],
                lotDepartments.Count > 0 ? lotDepartments : placeDepartments,
                lotValue is > 0 ? lotValue : null,
                lotValue is > 0 ? lotCurrency : null,
                NoticeValues.Months(Str(lot, "dureeMois"), "MONTH") ?? duration,
                deadline,
                nature,
                noticeMarkers));
        }
        if (lots.Count == 0)
        {
            lots.Add(new Lot("1", title, NoticeValues.Clean(Str(natureMarche, "description")), mainCpv, [], [], placeDepartments,
                value, currency, duration, deadline, nature, noticeMarkers));
        }

        return new Notice(
            "boamp",
            idweb,
            NoticeKind.Other,
            null,
            new Buyer(NoticeValues.Clean(Str(organisme, "nomOfficiel")), Str(organisme, "codeIdentificationNational"), null),
            title,
            Str(Nested(initial, "communication"), "urlDocConsul") ?? Str(Nested(initial, "communication"), "urlProfilAch"),
            "FR",
            lots);
    }

    private static Markers RecordMarkers(JsonElement record, JsonElement? gestion)
    {
        var markers = new MarkersBuilder();
        var criteria = StrList(record, "criteres");
        if (gestion is { } g && Nested(Nested(g, "INDEXATION"), "CRITERES_SOCIAUX_ENV") is { ValueKind: JsonValueKind.Object } c)
        {
            criteria = [.. criteria, .. c.EnumerateObject().Select(p => p.Name.ToLowerInvariant())];
        }
        foreach (var criterion in criteria)
        {
            if (criterion.StartsWith("socia", StringComparison.OrdinalIgnoreCase)) markers.Social(MarkerCodes.SocialCriteria);
            if (criterion.StartsWith("environnement", StringComparison.OrdinalIgnoreCase)) markers.Green(MarkerCodes.EnvironmentalCriteria);
        }
        var gestionText = gestion?.GetRawText() ?? "";
        if (gestionText.Contains("MARCHE_RESERVE_OUI", StringComparison.Ordinal))
        {
            markers.Reserved(gestionText.Contains("EMPLOIS_PROTEGES", StringComparison.Ordinal) && !gestionText.Contains("ATELIERS_PROTEGES", StringComparison.Ordinal)
                ? MarkerCodes.ReservedExecution : MarkerCodes.ShelteredWorkshops);
        }
        return markers.Build();
    }

    private static (decimal? Value, string? Currency) Value(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e) return (null, null);
        var currency = Str(e, "@devise") ?? "EUR";
        var value = NoticeValues.Amount(Str(e, "valeur")) ?? NoticeValues.Amount(Str(e, "fourchette", "valeurHaute"));
        return value is > 0 ? (value, currency) : (null, null);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Fields may hold JSON encoded as a string (the API does so for donnees and gestion).</summary>
    private static JsonElement? Nested(JsonElement? e, string name)
    {
        if (e is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && s.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonDocument.Parse(s).RootElement;
            }
            catch (JsonException ex)
            {
                throw new NoticeParseException($"field '{name}' holds malformed JSON: {ex.Message.Split(" LineNumber:")[0]}");
            }
        }
        return value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : value;
    }

    private static string? Str(JsonElement? e, params string[] path)
    {
        var current = e;
        foreach (var name in path) current = Nested(current, name);
        return current switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } v ? v : null,
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("#text", out var t) => t.ToString(),
            _ => null,
        };
    }

    private static List<string> StrList(JsonElement e, string name) => Nested(e, name) switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(x => x.ToString()).Where(x => x.Length > 0).ToList(),
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        _ => [],
    };

    private static IEnumerable<JsonElement> Items(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray(),
        { ValueKind: JsonValueKind.Object } o => [o],
        _ => [],
    };

    /// <summary>
    /// XML written as JSON the usual way: keys are element names (prefix kept), "@x" keys are
    /// attributes, "#text" is the text, arrays are repeated elements.
    /// </summary>
    internal static XElement JsonToXml(JsonElement json, string name = "root")
    {
        var element = new XElement(LocalName(name));
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in json.EnumerateObject())
                {
                    if (p.Name.StartsWith('@'))
                    {
                        var attr = LocalName(p.Name[1..]);
                        if (!p.Name.StartsWith("@xmlns", StringComparison.Ordinal) && element.Attribute(attr) is null) element.SetAttributeValue(attr, p.Value.ToString());
                    }
                    else if (p.Name == "#text")
                    {
                        element.Add(new XText(p.Value.ToString()));
                    }
                    else if (p.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in p.Value.EnumerateArray()) element.Add(JsonToXml(item, p.Name));
                    }
                    else
                    {
                        element.Add(JsonToXml(p.Value, p.Name));
                    }
                }
                break;
            case JsonValueKind.Null:
                break;
            default:
                element.Add(new XText(json.ToString()));
                break;
        }
        return element;
    }

    private static string LocalName(string name)
    {
        var colon = name.IndexOf(':');
        var local = colon >= 0 ? name[(colon + 1)..] : name;
        return XmlConvertName(local);
    }

    private static string XmlConvertName(string name) => System.Xml.XmlConvert.EncodeLocalName(name.Length == 0 ? "_" : name);
}
