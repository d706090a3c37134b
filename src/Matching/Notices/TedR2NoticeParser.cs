using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ClausesSociales.Notices;

/// <summary>
/// Reads TED R2.0.8 / R2.0.9 exports (TED_EXPORT): the coded data section and the form in its
/// original language. Translations are skipped while streaming, so the 24-language title lists
/// cost a pass of the reader and nothing more.
/// </summary>
public sealed partial class TedR2NoticeParser
{
    public Notice Parse(XmlReader reader)
    {
        XElement? coded = null, form = null, firstForm = null;
        string? docId = null, buyerName = null;
        var titles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            reader.MoveToContent();
            if (reader.LocalName != "TED_EXPORT") throw new NoticeParseException($"not a TED export: root element is <{reader.LocalName}>");
            docId = reader.GetAttribute("DOC_ID");
            ReadChildren(reader, r =>
            {
                switch (r.LocalName)
                {
                    case "CODED_DATA_SECTION":
                        coded = SafeXml.ReadElement(r);
                        break;
                    case "TRANSLATION_SECTION":
                        ReadTranslations(r, titles, coded.Path("NOTICE_DATA", "LG_ORIG").Text(), ref buyerName);
                        break;
                    case "FORM_SECTION":
                        (form, firstForm) = ReadOriginalForm(r);
                        break;
                    default:
                        r.Skip();
                        break;
                }
            });
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException)
        {
            throw SafeXml.Error(ex, reader);
        }
        form ??= firstForm ?? throw new NoticeParseException("TED export has no form in FORM_SECTION");
        if (coded is null) throw new NoticeParseException("TED export has no CODED_DATA_SECTION");
        return Build(docId, coded, form, titles, buyerName);
    }

    /// <summary>Calls <paramref name="onElement"/> for each child element, which must consume it; text between them is skipped.</summary>
    private static void ReadChildren(XmlReader reader, Action<XmlReader> onElement)
    {
        if (reader.IsEmptyElement) { reader.Skip(); return; }
        reader.ReadStartElement();
        while (reader.MoveToContent() != XmlNodeType.EndElement)
        {
            if (reader.NodeType == XmlNodeType.Element) onElement(reader);
            else reader.Skip();
        }
        reader.ReadEndElement();
    }

    /// <summary>Keeps the titles in the original language, French and English; the other 21 are skipped unread.</summary>
    private static void ReadTranslations(XmlReader reader, Dictionary<string, string> titles, string? originalLanguage, ref string? buyerName)
    {
        string? name = null;
        ReadChildren(reader, r =>
        {
            if (r.LocalName == "ML_TITLES")
            {
                ReadChildren(r, doc =>
                {
                    var lg = doc.GetAttribute("LG");
                    if (lg is not null && (lg is "FR" or "EN" || lg == originalLanguage))
                    {
                        if (SafeXml.ReadElement(doc).Child("TI_TEXT").Paragraphs() is { } text) titles[lg] = text;
                    }
                    else
                    {
                        doc.Skip();
                    }
                });
            }
            else if (r.LocalName == "ML_AA_NAMES")
            {
                name = SafeXml.ReadElement(r).Child("AA_NAME").Text();
            }
            else
            {
                r.Skip();
            }
        });
        buyerName = name;
    }

    private static (XElement? Original, XElement? First) ReadOriginalForm(XmlReader reader)
    {
        XElement? original = null, first = null;
        ReadChildren(reader, r =>
        {
            var category = r.GetAttribute("CATEGORY");
            if (original is null && category == "ORIGINAL") original = ReadForm(r);
            else if (first is null && original is null) first = ReadForm(r);
            else r.Skip();
        });
        return (original, first);
    }

    /// <summary>Sections of a form that say nothing about the lots (review bodies, further information) are skipped unread.</summary>
    private static readonly HashSet<string> UnusedFormSections = ["COMPLEMENTARY_INFO", "COMPLEMENTARY_INFORMATION_CONTRACT_NOTICE", "COMPLEMENTARY_INFORMATION_CONTRACT_AWARD"];

    private static XElement ReadForm(XmlReader reader)
    {
        var form = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
        if (reader.MoveToFirstAttribute())
        {
            do { form.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value); }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        ReadChildren(reader, r =>
        {
            if (UnusedFormSections.Contains(r.LocalName)) r.Skip();
            else form.Add(SafeXml.ReadElement(r));
        });
        return form;
    }

    private static Notice Build(string? docId, XElement coded, XElement form, Dictionary<string, string> titles, string? buyerName)
    {
        var defects = new List<string>();
        var noticeData = coded.Child("NOTICE_DATA");
        var codif = coded.Child("CODIF_DATA");
        var language = form.Attr("LG") ?? noticeData.Child("LG_ORIG").Text();
        var noticeId = docId ?? noticeData.Child("NO_DOC_OJS").Text() ?? "unidentified";
        if (docId is null) defects.Add("DOC_ID is missing");

        // Forms F01-F25 share OBJECT_CONTRACT; the defence forms (R2.0.8) use their own names.
        var objectContract = form.Child("OBJECT_CONTRACT") ?? form.All("OBJECT_CONTRACT_INFORMATION_DEFENCE").FirstOrDefault()
            ?? form.All("OBJECT_CONTRACT_INFORMATION_CONTRACT_AWARD_NOTICE_DEFENCE").FirstOrDefault()
            ?? form.All("OBJECT_WORKS_SUPPLIES_SERVICES_PRIOR_INFORMATION").FirstOrDefault();
        var fallbackTitle = (language is not null ? titles.GetValueOrDefault(language) : null) ?? titles.GetValueOrDefault("FR") ?? titles.GetValueOrDefault("EN");
        var title = NoticeValues.Clean(objectContract.Child("TITLE").Paragraphs()
            ?? objectContract.All("TITLE_CONTRACT").FirstOrDefault().Paragraphs()) ?? NoticeValues.Clean(fallbackTitle);
        var originalCpv = noticeData.Children("ORIGINAL_CPV").Select(c => NoticeValues.Cpv(c.Attr("CODE"))).OfType<string>().ToList();
        var mainCpv = NoticeValues.Cpv(objectContract.Path("CPV_MAIN", "CPV_CODE").Attr("CODE")
            ?? objectContract.All("CPV_MAIN").FirstOrDefault().All("CPV_CODE").FirstOrDefault().Attr("CODE"))
            ?? originalCpv.FirstOrDefault();
        var performanceNuts = noticeData.Children("PERFORMANCE_NUTS").Select(n => n.Attr("CODE")).OfType<string>().ToList();
        var kind = Kind(codif.Child("TD_DOCUMENT_TYPE").Text(), form.Name.LocalName);
        var (noticeMarkers, lotReservations) = ReadMarkers(form);
        noticeMarkers = noticeMarkers.WithUnknown(Unknown(kind, language, form.Name.LocalName));
        var deadline = ReadDeadline(form, codif);
        var nature = NoticeValues.Nature(objectContract.Child("TYPE_CONTRACT").Attr("CTYPE")) ?? NatureFromCodif(codif);
        var total = objectContract.Child("VAL_ESTIMATED_TOTAL") ?? objectContract.Child("VAL_TOTAL");

        var lots = new List<Lot>();
        var items = objectContract.Children("OBJECT_DESCR").ToList();
        foreach (var item in items)
        {
            var lotNo = item.Child("LOT_NO").Text();
            var lotId = lotNo ?? (items.Count == 1 ? "1" : item.Attr("ITEM") ?? (lots.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var additional = item.Children("CPV_ADDITIONAL").Select(c => NoticeValues.Cpv(c.Child("CPV_CODE").Attr("CODE"))).OfType<string>()
                .Where(c => c != mainCpv).Distinct().ToList();
            var nuts = item.Children("NUTS").Select(n => n.Attr("CODE")).OfType<string>().ToList();
            if (nuts.Count == 0) nuts = performanceNuts;
            var value = item.Child("VAL_OBJECT");
            var duration = item.Child("DURATION");
            lots.Add(new Lot(
                lotId,
                NoticeValues.Clean(item.Child("TITLE").Paragraphs()) ?? title,
                NoticeValues.Clean(item.Child("SHORT_DESCR").Paragraphs()),
                mainCpv,
                additional,
                nuts,
                NoticeValues.Departments(nuts),
                NoticeValues.Amount(value.Text()) ?? (items.Count == 1 ? NoticeValues.Amount(total.Text()) : null),
                value.Attr("CURRENCY") ?? (items.Count == 1 ? total.Attr("CURRENCY") : null),
                NoticeValues.Months(duration.Text(), duration.Attr("TYPE")) ?? NoticeValues.MonthsBetween(item.Child("DATE_START").Text(), item.Child("DATE_END").Text()),
                deadline,
                nature,
                noticeMarkers.Merge(ItemMarkers(item)).Merge(lotReservations.GetValueOrDefault(lotNo ?? "") ?? Markers.None)));
        }
        if (lots.Count == 0)
        {
            lots.Add(new Lot(
                "1",
                title,
                NoticeValues.Clean(objectContract.Child("SHORT_DESCR").Paragraphs()
                    ?? objectContract.All("TOTAL_QUANTITY_OR_SCOPE").FirstOrDefault().Paragraphs()),
                mainCpv,
                originalCpv.Where(c => c != mainCpv).ToList(),
                performanceNuts,
                NoticeValues.Departments(performanceNuts),
                NoticeValues.Amount(total.Text()),
                total.Attr("CURRENCY"),
                null,
                deadline,
                nature,
                noticeMarkers));
        }
        if (mainCpv is null) defects.Add("no CPV code");
        if (title is null) defects.Add("no title");

        var body = form.All("ADDRESS_CONTRACTING_BODY").FirstOrDefault() ?? form.All("NAME_ADDRESSES_CONTACT_CONTRACT").FirstOrDefault();
        var buyer = new Buyer(
            NoticeValues.Clean(body.Child("OFFICIALNAME").Text() ?? body.All("OFFICIALNAME").FirstOrDefault().Text() ?? buyerName),
            body.Child("NATIONALID").Text(),
            form.All("CA_TYPE").FirstOrDefault().Attr("VALUE") ?? codif.Child("AA_AUTHORITY_TYPE").Text())
        {
            Activity = NoticeValues.BuyerActivity(form.All("CA_ACTIVITY").Concat(form.All("CE_ACTIVITY")).Concat(form.All("TYPE_OF_ACTIVITY")).FirstOrDefault().Attr("VALUE")),
            Country = (body.Child("COUNTRY").Attr("VALUE") ?? noticeData.Child("ISO_COUNTRY").Attr("VALUE")) is { Length: > 0 } country ? NoticeValues.NutsCountry(country) : null,
        };

        return new Notice(
            "ted",
            noticeId,
            kind,
            NoticeValues.Date(coded.Path("REF_OJS", "DATE_PUB").Text()),
            buyer,
            title,
            noticeData.Path("URI_LIST", "URI_DOC").Text() ?? form.All("URL_DOCUMENT").FirstOrDefault().Text(),
            language,
            lots)
        { Defects = defects, Regime = Regimes.OfTedForm(form.Name.LocalName, form.Child("LEGAL_BASIS").Attr("VALUE")) };
    }

    /// <summary>
    /// Labels this notice cannot declare: only contract and prior-information forms have the
    /// reservation and performance-condition sections (LEFTI); social and green markers come from
    /// text rules that read French and English only. Among those, the design contest (F12), buyer
    /// profile (F08) and defence forms have no reservation field: the directives they serve
    /// (2009/81) or the competitions they announce cannot be reserved through them.
    /// </summary>
    private static IEnumerable<string> Unknown(NoticeKind kind, string? language, string formName)
    {
        if (kind is not (NoticeKind.ContractNotice or NoticeKind.PriorInformation)) { yield return DeclarableLabels.Reserved; yield return DeclarableLabels.Social; }
        else if (formName is "F12_2014" or "F08_2014" || formName.Contains("DEFENCE", StringComparison.Ordinal)) yield return DeclarableLabels.Reserved;
        if (!ExecutionConditions.ReadsLanguage(language)) { yield return DeclarableLabels.Social; yield return DeclarableLabels.Green; }
    }

    /// <summary>
    /// Reservations sit in LEFTI (or its defence twin) and apply to every lot of the notice; a
    /// reservation written as a sentence of the performance conditions (and not in LEFTI) is a
    /// reservation too, of the lots it names ("le lot 6 est réservé"), never a social condition.
    /// </summary>
    private static (Markers Notice, Dictionary<string, Markers> Lots) ReadMarkers(XElement form)
    {
        var markers = new MarkersBuilder();
        var lots = new Dictionary<string, MarkersBuilder>();
        foreach (var e in form.Descendants())
        {
            switch (e.Name.LocalName)
            {
                case "RESTRICTED_SHELTERED_WORKSHOP":
                    markers.Reserved(MarkerCodes.ShelteredWorkshops);
                    break;
                case "RESTRICTED_SHELTERED_PROGRAM":
                    markers.Reserved(MarkerCodes.ReservedExecution);
                    break;
                case "RESERVED_ORGANISATIONS_SERVICE_MISSION":
                    markers.Reserved(MarkerCodes.PublicServiceMission);
                    break;
                case "PERFORMANCE_CONDITIONS" or "CONTRACT_COVERED_PERFORMANCE_CONDITIONS":
                    var text = e.Paragraphs();
                    if (text is null) break;
                    // Read only when LEFTI declares no reservation: the form's own answer has the last word.
                    foreach (var (code, named) in form.Descendants().Any(d => d.Name.LocalName is "RESTRICTED_SHELTERED_WORKSHOP" or "RESTRICTED_SHELTERED_PROGRAM" or "RESERVED_ORGANISATIONS_SERVICE_MISSION") ? [] : ExecutionConditions.Reservations(text))
                    {
                        if (named.Count == 0) markers.Reserved(code);
                        foreach (var lot in named)
                        {
                            if (!lots.TryGetValue(lot, out var builder)) lots[lot] = builder = new MarkersBuilder();
                            builder.Reserved(code);
                        }
                    }
                    if (ExecutionConditions.IsSocial(text)) markers.Social(MarkerCodes.SocialExecutionCondition);
                    if (ExecutionConditions.IsEnvironmental(text)) markers.Green(MarkerCodes.EnvironmentalExecutionCondition);
                    break;
            }
        }
        return (markers.Build(), lots.ToDictionary(l => l.Key, l => l.Value.Build()));
    }

    /// <summary>Award criteria that are social or environmental, per lot.</summary>
    private static Markers ItemMarkers(XElement item)
    {
        var markers = new MarkersBuilder();
        foreach (var criterion in item.All("AC_CRITERION"))
        {
            var text = criterion.Text();
            if (text is null) continue;
            if (ExecutionConditions.IsSocial(text)) markers.Social(MarkerCodes.SocialCriteria);
            if (ExecutionConditions.IsEnvironmental(text)) markers.Green(MarkerCodes.EnvironmentalCriteria);
        }
        return markers.Build();
    }

    private static DateTimeOffset? ReadDeadline(XElement form, XElement? codif)
    {
        var procedure = form.Child("PROCEDURE");
        return NoticeValues.Deadline(procedure.Child("DATE_RECEIPT_TENDERS").Text(), procedure.Child("TIME_RECEIPT_TENDERS").Text())
            ?? NoticeValues.Deadline(codif.Child("DT_DATE_FOR_SUBMISSION").Text());
    }

    private static ContractNature? NatureFromCodif(XElement? codif) => codif.Child("NC_CONTRACT_NATURE").Attr("CODE") switch
    {
        "1" => ContractNature.Works,
        "2" => ContractNature.Supplies,
        "4" => ContractNature.Services,
        _ => null,
    };

    private static NoticeKind Kind(string? documentType, string formName)
    {
        var t = documentType?.ToLowerInvariant() ?? "";
        if (t.Contains("modification")) return NoticeKind.Modification;
        if (t.Contains("award") || t.Contains("result") || t.Contains("ex ante")) return NoticeKind.ContractAward;
        if (t.Contains("prior information") || t.Contains("periodic indicative") || t.Contains("buyer profile")) return NoticeKind.PriorInformation;
        if (t.Contains("contract notice") || t.Contains("design contest") || t.Contains("qualification") || t.Contains("concession")) return NoticeKind.ContractNotice;
        return formName switch
        {
            "F01_2014" or "F04_2014" => NoticeKind.PriorInformation,
            "F02_2014" or "F05_2014" or "F12_2014" or "F24_2014" => NoticeKind.ContractNotice,
            "F03_2014" or "F06_2014" or "F13_2014" or "F15_2014" or "F25_2014" => NoticeKind.ContractAward,
            "F20_2014" => NoticeKind.Modification,
            _ => NoticeKind.Other,
        };
    }
}
