using System.Xml;
using System.Xml.Linq;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Notices;

/// <summary>
/// Reads eForms UBL notices (ContractNotice, ContractAwardNotice, PriorInformationNotice, and the
/// business registration notices) of every subtype. Fields are found by local name, so the SDK
/// version and namespace prefixes do not matter.
/// </summary>
public sealed class EformsNoticeParser(CodeLabels? codes = null)
{
    public static readonly IReadOnlySet<string> RootElements = new HashSet<string>(StringComparer.Ordinal)
    {
        "ContractNotice", "ContractAwardNotice", "PriorInformationNotice", "BusinessRegistrationInformationNotice",
    };

    public Notice Parse(XmlReader reader, string source = "ted")
    {
        var root = SafeXml.ReadRoot(reader);
        return Parse(root, source);
    }

    public Notice Parse(XElement root, string source = "ted")
    {
        if (!RootElements.Contains(root.Name.LocalName))
        {
            throw new NoticeParseException($"not an eForms notice: root element is <{root.Name.LocalName}>");
        }

        if (root.Name.LocalName == "BusinessRegistrationInformationNotice")
        {
            throw new NoticeParseException("business registration notice (European company or EEIG registration): not a procurement notice, it has no lot to match");
        }

        var defects = new List<string>();
        CheckCodes(root, defects);
        var noticeType = root.Child("NoticeTypeCode").Text();
        var publicationId = root.All("NoticePublicationID").FirstOrDefault().Text();
        var noticeId = publicationId ?? root.Children("ID").FirstOrDefault(e => e.Attr("schemeName") == "notice-id").Text() ?? root.Child("ID").Text();
        if (noticeId is null)
        {
            defects.Add("BT-701 notice identifier is missing");
            noticeId = "unidentified";
        }
        var version = root.Child("VersionID").Text();
        if (publicationId is null && version is not null && version != "01") noticeId = $"{noticeId}-{version}";

        var project = root.Child("ProcurementProject");
        var noticeTitle = NoticeValues.Clean(project.Child("Name").Text());
        var defaults = ReadProject(project, root.Child("TenderingTerms"), root.Child("TenderingProcess"), defects, "notice");

        var lots = new List<Lot>();
        foreach (var lotElement in root.Children("ProcurementProjectLot"))
        {
            var idElement = lotElement.Child("ID");
            var scheme = idElement.Attr("schemeName");
            if (scheme == "LotsGroup") continue;
            var lotId = idElement.Text() ?? $"LOT-{lots.Count + 1:0000}";
            var lot = ReadProject(lotElement.Child("ProcurementProject"), lotElement.Child("TenderingTerms"), lotElement.Child("TenderingProcess"), defects, lotId);
            lots.Add(Inherit(lot with { LotId = lotId }, defaults));
        }
        if (lots.Count == 0)
        {
            lots.Add(defaults with { LotId = "LOT-0000" });
        }
        foreach (var lot in lots.Where(l => l.MainCpv is null))
        {
            defects.Add($"BT-262 main CPV code is missing for {lot.LotId}");
        }
        if (noticeTitle is null && lots.All(l => l.Title is null)) defects.Add("BT-21 title is missing");

        var issueDate = NoticeValues.Date(root.Child("IssueDate").Text());
        if (issueDate is null) defects.Add("BT-05 notice dispatch date is missing");

        return new Notice(
            source,
            noticeId,
            Kind(noticeType),
            NoticeValues.Date(root.All("PublicationDate").FirstOrDefault().Text()) ?? issueDate,
            ReadBuyer(root),
            noticeTitle ?? lots[0].Title,
            FirstUrl(root),
            root.Child("NoticeLanguageCode").Text(),
            lots)
        {
            Defects = defects,
            ContractFolderId = root.Child("ContractFolderID").Text(),
            ChangedNoticeId = root.All("ChangedNoticeIdentifier").FirstOrDefault().Text(),
            Regime = Regimes.OfEforms(noticeType, root.Child("RegulatoryDomain").Text()),
        };
    }

    /// <summary>The lists this parser reads: an empty code in them loses a field.</summary>
    private static readonly HashSet<string> ListsRead =
    [
        "cpv", "nuts", "contract-nature", "buyer-legal-type", "strategic-procurement", "social-objective",
        "environmental-impact", "gpp-criteria", "innovative-acquisition", "reserved-procurement", "reserved-execution",
    ];

    /// <summary>Lists whose codes changed between SDK (or NUTS) versions: older notices use codes that are gone now.</summary>
    private static readonly HashSet<string> VersionedLists = ["nuts", "selection-criterion", "exclusion-ground", "communication-justification"];

    /// <summary>Empty codes in the lists read, and codes absent from a list the labels folder knows, are defects.</summary>
    private void CheckCodes(XElement root, List<string> defects)
    {
        foreach (var e in root.Descendants())
        {
            if (e.HasElements || e.Attr("listName") is not { } list) continue;
            var code = e.Value.Trim();
            if (code.Length == 0)
            {
                if (!ListsRead.Contains(list)) continue;
                defects.Add($"empty code in list '{list}' (<{e.Name.LocalName}>)");
            }
            else if (codes is not null && !VersionedLists.Contains(list) && codes.HasList(list) && codes.Label(list, code) is null)
            {
                defects.Add($"unknown code '{code}' in list '{list}' (<{e.Name.LocalName}>)");
            }
        }
    }

    private static Lot ReadProject(XElement? project, XElement? terms, XElement? process, List<string> defects, string where)
    {
        var markers = new MarkersBuilder();
        string? mainCpv = null;
        var additional = new List<string>();
        var nuts = new List<string>();
        ContractNature? nature = null;

        foreach (var e in project?.Descendants() ?? [])
        {
            var list = e.Attr("listName");
            if (list is null) continue;
            var code = e.Text();
            if (code is null) continue;
            switch (list)
            {
                case "cpv" when e.Parent?.Name.LocalName == "MainCommodityClassification":
                    mainCpv ??= Cpv(code, defects, where);
                    break;
                case "cpv" when e.Parent?.Name.LocalName == "AdditionalCommodityClassification":
                    if (Cpv(code, defects, where) is { } extra && !additional.Contains(extra)) additional.Add(extra);
                    break;
                case "nuts":
                    if (!nuts.Contains(code)) nuts.Add(code);
                    break;
                case "contract-nature":
                    nature ??= NoticeValues.Nature(code);
                    break;
                case "strategic-procurement":
                    markers.StrategicProcurement(code);
                    break;
                case "social-objective":
                    markers.Social(code);
                    break;
                case "environmental-impact":
                    markers.Green(code);
                    break;
                case "gpp-criteria" when code != "none":
                    markers.Green("gpp-" + code);
                    break;
                case "innovative-acquisition":
                    markers.Innovation(code);
                    break;
            }
        }
        foreach (var e in terms?.Descendants() ?? [])
        {
            switch (e.Attr("listName"))
            {
                case "reserved-procurement" when e.Text() is { } code:
                    markers.Reserved(code);
                    break;
                case "reserved-execution" when e.Text() == "yes":
                    markers.Reserved(MarkerCodes.ReservedExecution);
                    break;
            }
        }
        if (mainCpv is null && additional.Count > 0)
        {
            mainCpv = additional[0];
            additional.RemoveAt(0);
        }

        var period = project.Child("PlannedPeriod");
        var duration = period.Child("DurationMeasure");
        var amount = project.Path("RequestedTenderTotal", "EstimatedOverallContractAmount");
        // A restricted procedure's deadline is that of the requests to participate: tenders come later, on invitation.
        var deadline = process.Child("TenderSubmissionDeadlinePeriod") is { } tenders && tenders.Child("EndDate").Text() is not null
            ? tenders : process.Child("ParticipationRequestReceptionPeriod");
        var nutsOrCountry = nuts.Count > 0 ? nuts : project.All("RealizedLocation")
            .Select(l => l.Path("Address", "Country", "IdentificationCode").Text()).OfType<string>().Select(NoticeValues.NutsCountry).Distinct().ToList();

        return new Lot(
            "",
            NoticeValues.Clean(project.Child("Name").Text()),
            NoticeValues.Clean(project.Child("Description").Text()),
            mainCpv,
            additional,
            nutsOrCountry,
            NoticeValues.Departments(nuts),
            NoticeValues.Amount(amount.Text()),
            amount.Attr("currencyID"),
            NoticeValues.Months(duration.Text(), duration.Attr("unitCode")) ?? NoticeValues.MonthsBetween(period.Child("StartDate").Text(), period.Child("EndDate").Text()),
            NoticeValues.Deadline(deadline.Child("EndDate").Text(), deadline.Child("EndTime").Text()),
            nature,
            markers.Build());
    }

    /// <summary>Fields a lot leaves out are those of the whole procedure (BT-21, BT-262, BT-5071...).</summary>
    private static Lot Inherit(Lot lot, Lot notice) => lot with
    {
        Title = lot.Title ?? notice.Title,
        Description = lot.Description ?? notice.Description,
        MainCpv = lot.MainCpv ?? notice.MainCpv,
        AdditionalCpv = lot.AdditionalCpv.Count > 0 ? lot.AdditionalCpv : notice.AdditionalCpv,
        Nuts = lot.Nuts.Count > 0 ? lot.Nuts : notice.Nuts,
        Departments = lot.Departments.Count > 0 ? lot.Departments : notice.Departments,
        Currency = lot.EstimatedValue is null ? notice.Currency : lot.Currency,
        EstimatedValue = lot.EstimatedValue ?? notice.EstimatedValue,
        DurationMonths = lot.DurationMonths ?? notice.DurationMonths,
        Deadline = lot.Deadline ?? notice.Deadline,
        Nature = lot.Nature ?? notice.Nature,
        Markers = lot.Markers.Merge(notice.Markers),
    };

    private static string? Cpv(string code, List<string> defects, string where)
    {
        var cpv = NoticeValues.Cpv(code);
        if (cpv is null) defects.Add($"invalid CPV code '{code}' in {where}");
        return cpv;
    }

    private static NoticeKind Kind(string? noticeType) => noticeType switch
    {
        null => NoticeKind.Other,
        "can-modif" => NoticeKind.Modification,
        _ when noticeType.StartsWith("pin", StringComparison.Ordinal) => NoticeKind.PriorInformation,
        _ when noticeType.StartsWith("can", StringComparison.Ordinal) || noticeType is "veat" or "compl" or "pmc" => NoticeKind.ContractAward,
        _ when noticeType.StartsWith("cn", StringComparison.Ordinal) || noticeType is "qu-sy" or "subco" => NoticeKind.ContractNotice,
        _ => NoticeKind.Other,
    };

    private static Buyer ReadBuyer(XElement root)
    {
        var party = root.Child("ContractingParty");
        if (party is null) return Buyer.Unknown;
        var kind = party.Path("ContractingPartyType", "PartyTypeCode") is { } t && t.Attr("listName") == "buyer-legal-type" ? t.Text() : null;
        kind ??= party.Children("ContractingPartyType").Select(c => c.Child("PartyTypeCode")).FirstOrDefault(c => c.Attr("listName") == "buyer-legal-type").Text();
        var orgId = party.Path("Party", "PartyIdentification", "ID").Text();
        var company = orgId is null ? null : root.All("Organization")
            .Select(o => o.Child("Company"))
            .FirstOrDefault(c => c.Path("PartyIdentification", "ID").Text() == orgId);
        var country = company.Path("PostalAddress", "Country", "IdentificationCode").Text();
        return new Buyer(
            NoticeValues.Clean(company.Path("PartyName", "Name").Text()),
            company.Path("PartyLegalEntity", "CompanyID").Text(),
            kind)
        {
            Country = country is null ? null : NoticeValues.NutsCountry(country),
            Activity = NoticeValues.BuyerActivity(party.Children("ContractingActivity").Select(a => a.Child("ActivityTypeCode").Text()).FirstOrDefault(a => a is not null)),
        };
    }

    private static string? FirstUrl(XElement root) =>
        root.All("CallForTendersDocumentReference").Select(r => r.All("URI").FirstOrDefault().Text()).FirstOrDefault(u => u is not null)
        ?? root.Child("ContractingParty").Child("BuyerProfileURI").Text();
}
