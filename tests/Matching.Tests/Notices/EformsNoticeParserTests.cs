using ClausesSociales.CodeLists;
using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

public sealed class EformsNoticeParserTests
{
    private static readonly CodeLabels Labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
    private readonly NoticeParser _parser = new(new ParserOptions(), Labels);

    private Notice ParseExample(string name)
    {
        var file = SharedData.EformsExample(name);
        return Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
    }

    public static TheoryData<string> ValidExamples() => new(SharedData.Files("eforms-sdk/examples/notices")
        .Select(Path.GetFileNameWithoutExtension).OfType<string>()
        .Where(n => !n.StartsWith("INVALID_", StringComparison.Ordinal) && !n.StartsWith("X0", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void ParsesEveryValidExampleWithALotThatHasACpvCode(string name)
    {
        var notice = ParseExample(name);

        Assert.NotEmpty(notice.Lots);
        Assert.All(notice.Lots, lot => Assert.Matches("^[0-9]{8}$", lot.MainCpv));
        Assert.NotNull(notice.Title);
        Assert.NotEqual("unidentified", notice.NoticeId);
    }

    [Fact]
    public void ARestrictedProceduresDeadlineIsThatOfTheRequestsToParticipate()
    {
        // A real restricted procedure (subtype 18): no tender deadline yet, requests to participate until 12 January 2024, 9:30 (UTC+1).
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", "eforms_sdk_v1.10", "eform_subtype_18", "745916-2023.xml");
        Assert.DoesNotContain("TenderSubmissionDeadlinePeriod", File.ReadAllText(file));
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.All(notice.Lots, lot => Assert.Equal(new DateTimeOffset(2024, 1, 12, 9, 30, 0, TimeSpan.FromHours(1)), lot.Deadline));
    }

    [Fact]
    public void APlaceGivenOnlyByItsCountryIsTheCountrysNutsCode()
    {
        // A real Estonian notice: the air base's address names the country (EST), no NUTS code.
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", "eforms_sdk_v1.3", "eform_subtype_18", "302062-2023.xml");
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.All(notice.Lots, lot => Assert.Equal(["EE"], lot.Nuts));
        Assert.Contains("paysee", ClausesSociales.Classification.LotRow.From(notice, notice.Lots[0]).Codes.Split(' '));
        Assert.Equal("EL", NoticeValues.NutsCountry("GRC"));
        Assert.Equal("XYZ", NoticeValues.NutsCountry("XYZ"));
    }

    [Theory]
    // Real notices giving a lot's duration by its start and end dates (BT-536, BT-537), not a duration measure.
    [InlineData("eforms_sdk_v1.5/eform_subtype_16/657565-2023.xml", "LOT-0001", 36.0)]
    [InlineData("eforms_sdk_v1.5/eform_subtype_18/731596-2023.xml", "LOT-0000", 9.7)]
    [InlineData("eforms_sdk_v1.9/eform_subtype_18/665175-2023.xml", "LOT-0001", 12.0)]
    public void ALotsDurationGivenByItsStartAndEndDatesIsCountedInMonths(string path, string lotId, double months)
    {
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", path);
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal((decimal)months, notice.Lots.Single(l => l.LotId == lotId).DurationMonths);
    }

    [Theory]
    [InlineData("tests/test_data/notice_transformer/test_repository/test_package4/test_data/cn_sample_2022_10/2024-OJS015-043489.xml", "urttb")]
    [InlineData("tests/test_data/notice_normalisation/2023-OJS153-00486429.xml", "gen-pub")]
    public void TheBuyersMainActivityIsItsAuthorityOrEntityActivityCode(string path, string activity)
    {
        // Real notices: a transport operator (entity-activity) and an authority (authority-activity).
        var file = SharedData.Path(["ted-rdf-conversion-pipeline", .. path.Split('/')]);
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal(activity, notice.Buyer.Activity);
        Assert.NotNull(Labels.Label("main-activity", activity));
        Assert.Contains("activite" + activity.Replace("-", ""), ClausesSociales.Classification.LotRow.From(notice, notice.Lots[0]).Codes.Split(' '));
    }

    [Fact]
    public void ALotWhoseNoticeNamesNoPlaceTakesItsBuyersCountryAsFeatureButNoPlace()
    {
        // A real notice of an Italian buyer with no place of performance (no BT-5071, no BT-5141);
        // its review body is in Luxembourg.
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", "eforms_sdk_v1.7", "eform_subtype_16", "309890-2023.xml");
        Assert.DoesNotContain("RealizedLocation", File.ReadAllText(file));
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal("IT", notice.Buyer.Country);
        Assert.All(notice.Lots, lot => Assert.Empty(lot.Nuts));
        Assert.Equal(ClausesSociales.Matching.PlaceScope.Unknown, ClausesSociales.Matching.LotPlace.Of(notice.Lots[0], ClausesSociales.Geography.FrenchGeography.Instance).Scope);
        var row = ClausesSociales.Classification.LotRow.From(notice, notice.Lots[0]);
        Assert.Contains("paysit", row.Codes.Split(' '));
        Assert.DoesNotContain("payslu", row.Codes);

        // Read back from the Lots table, the lot has the same features.
        var stored = notice.Lots.Select(l => ClausesSociales.Storage.LotEntity.From(notice, l)).ToList();
        Assert.Equal(row.Codes, ClausesSociales.Classification.StoredLots.ToRows(stored)[0].Codes);
    }

    [Fact]
    public void AnEformsLotWhoseOwnTitleReservesItIsReserved()
    {
        // A real English eForms notice (ENG, ISO 639-3), its lot's title extended at run time.
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", "eforms_sdk_v1.7", "eform_subtype_16", "309890-2023.xml");
        var original = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
        Assert.Equal("ENG", original.Language);
        Assert.All(original.Lots, l => Assert.Empty(l.Markers.Reserved));

        var document = System.Xml.Linq.XDocument.Load(file);
        var name = document.Descendants().First(e => e.Name.LocalName == "ProcurementProjectLot")
            .Elements().First(e => e.Name.LocalName == "ProcurementProject").Elements().First(e => e.Name.LocalName == "Name");
        name.Value += " - this lot is reserved for sheltered workshops";
        using var variant = new MemoryStream();
        document.Save(variant);

        var notice = Assert.Single(_parser.Parse(file, variant.ToArray()).Notices);

        Assert.Equal(["res-ws"], notice.Lots[0].Markers.Reserved);
    }

    [Theory]
    [InlineData("X01_EEIG")]
    [InlineData("X02_registration")]
    public void RejectsBusinessRegistrationNoticesAsNotProcurement(string name)
    {
        var file = SharedData.EformsExample(name);

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse(file, File.ReadAllBytes(file)));

        Assert.Contains("business registration notice", ex.Reason);
    }

    // Each INVALID_* example is parsed with the defect that makes it invalid reported.
    [Theory]
    [InlineData("INVALID_can_24_empty", "BT-701 notice identifier is missing")]
    [InlineData("INVALID_can_24_stage-1", "BT-262 main CPV code is missing for LOT-0001")]
    [InlineData("INVALID_can_24_stage-2", "empty code in list 'cpv'")]
    [InlineData("INVALID_cn_24_empty", "BT-05 notice dispatch date is missing")]
    [InlineData("INVALID_cn_24_multiple", "unknown code 'invalid' in list 'einvoicing'")]
    [InlineData("INVALID_cn_24_stage-1", "BT-262 main CPV code is missing for LOT-0001")]
    [InlineData("INVALID_cn_24_stage-2", "empty code in list 'buyer-legal-type'")]
    [InlineData("INVALID_pin-buyer_24_stage-1", "BT-21 title is missing")]
    [InlineData("INVALID_pin-only_24_empty", "BT-262 main CPV code is missing for LOT-0000")]
    [InlineData("INVALID_pin-only_24_minimal", "BT-262 main CPV code is missing for LOT-0000")]
    [InlineData("INVALID_pin-only_24_stage-1", "BT-21 title is missing")]
    public void ReportsTheDefectOfEachInvalidExample(string name, string defect)
    {
        var notice = ParseExample(name);

        Assert.Contains(notice.Defects, d => d.StartsWith(defect, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eforms_sdk_v1.7/eform_subtype_23/553370-2023.xml", "classique concours")]
    [InlineData("eforms_sdk_v1.7/eform_subtype_20/544961-2023.xml", "classique social")]
    [InlineData("eforms_sdk_v1.7/eform_subtype_15/665431-2023.xml", "reseaux qualification")]
    public void ReadsTheRegimeFromTheLegalBasisAndTheNoticeType(string path, string regime)
    {
        var file = SharedData.Path(["ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", .. path.Split('/')]);
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal(regime, notice.Regime);
    }

    [Fact]
    public void ReportsTheInvalidChangeNoticeAgainstTheNoticeItChanges()
    {
        var parent = ParseExample("cn_24_FRA_comments");
        var change = ParseExample("INVALID_change-cn_24_FRA_comments");

        Assert.Equal(parent.NoticeId, ChangeNotices.ParentId(change));
        var defects = ChangeNotices.Check(change, parent.ContractFolderId, parent.Buyer.Kind);

        Assert.Equal(2, defects.Count);
        Assert.Contains(defects, d => d.Contains("BT-04") && d.Contains("9999abf1-e057-47a5-9210-b1f6fc759999"));
        Assert.Contains(defects, d => d.Contains("BT-11") && d.Contains("pub-undert-la") && d.Contains("body-pl"));
    }

    [Fact]
    public void ValidChangeNoticeHasNoChangeDefect()
    {
        var parent = ParseExample("cn_24_open");
        var change = ParseExample("change-cn_24_open_dates");

        Assert.Empty(ChangeNotices.Check(change, parent.ContractFolderId, parent.Buyer.Kind));
    }

    [Fact]
    public void ReadsShelteredWorkshopReservationOfPinCfcSocial()
    {
        var notice = ParseExample("pin-cfc-social_24");

        var lot = Assert.Single(notice.Lots);
        Assert.Equal(NoticeKind.PriorInformation, notice.Kind);
        Assert.Equal("LOT-0001", lot.LotId);
        Assert.Equal("85000000", lot.MainCpv);
        Assert.Equal(["res-ws"], lot.Markers.Reserved);
        Assert.Empty(lot.Markers.Social);
        Assert.Empty(lot.Markers.Green);
        Assert.Equal("ZenithNova Innovations Ltd.", notice.Buyer.Name);
    }

    [Fact]
    public void ReadsReservedParticipationAndExecutionOfPinRtl()
    {
        var notice = ParseExample("pin-rtl_81");

        var lot = Assert.Single(notice.Lots);
        Assert.Equal("45520000", lot.MainCpv);
        Assert.Equal(["res-ws", "res-exec"], lot.Markers.Reserved);
        Assert.Empty(lot.Markers.Social);
        Assert.Empty(lot.Markers.Green);
        Assert.Equal(48m, lot.DurationMonths);
    }

    [Fact]
    public void ReadsEveryMarkerOfCnMaximalPerLot()
    {
        var notice = ParseExample("cn_24_maximal");

        Assert.Equal(NoticeKind.ContractNotice, notice.Kind);
        Assert.Equal(["LOT-0001", "LOT-0002"], notice.Lots.Select(l => l.LotId));
        var lot1 = notice.Lots[0];
        Assert.Equal("75121000", lot1.MainCpv);
        Assert.Equal(["res-pub-ser", "res-exec"], lot1.Markers.Reserved);
        Assert.Equal(["acc-all"], lot1.Markers.Social);
        Assert.Equal(["clim-mitig", "env-imp"], lot1.Markers.Green);
        Assert.Equal(["proc-innov"], lot1.Markers.Innovation);
        Assert.Equal(["LU000"], lot1.Nuts);
        Assert.Equal(9999999.99m, lot1.EstimatedValue);
        Assert.Equal("EUR", lot1.Currency);
        // Lot 2 declares "none" for BT-71 and reserved execution only.
        var lot2 = notice.Lots[1];
        Assert.Equal(["res-exec"], lot2.Markers.Reserved);
        Assert.Equal(["acc-all"], lot2.Markers.Social);
        Assert.Equal(["clim-mitig", "env-imp"], lot2.Markers.Green);
        Assert.Equal("Title Lot 2---", lot2.Title);
    }

    [Fact]
    public void ReadsMarkersOfCanMaximalWithoutReservation()
    {
        var notice = ParseExample("can_24_maximal");

        Assert.Equal(NoticeKind.ContractAward, notice.Kind);
        Assert.Equal(2, notice.Lots.Count);
        Assert.All(notice.Lots, lot =>
        {
            Assert.Equal("75121000", lot.MainCpv);
            Assert.Empty(lot.Markers.Reserved);
            Assert.Equal(["acc-all"], lot.Markers.Social);
            Assert.Equal(["clim-mitig", "env-imp"], lot.Markers.Green);
            Assert.Equal(["proc-innov"], lot.Markers.Innovation);
        });
        Assert.Equal("Financial Adinistration for ...", notice.Buyer.Name);
        Assert.Equal("body-pl", notice.Buyer.Kind);
    }

    [Fact]
    public void ReadsAllHundredLotsOfTheLargestExample()
    {
        var notice = ParseExample("cn_24_maximal_100_lots");

        Assert.Equal(100, notice.Lots.Count);
        Assert.Equal(100, notice.Lots.Select(l => l.LotId).Distinct().Count());
    }

    [Fact]
    public void ReadsFrenchPlaceOfPerformanceAsDepartment()
    {
        var notice = ParseExample("cn_24_FRA_comments");

        var lot = notice.Lots[0];
        Assert.Equal(["FRD22"], lot.Nuts);
        Assert.Equal("76", lot.Department);
    }

    [Fact]
    public void ParsesEveryRealPublishedEformsNotice()
    {
        var files = SharedData.Files("ted-rdf-conversion-pipeline").ToList();
        Assert.True(files.Count >= 60, $"expected the 68 published notices, found {files.Count}");

        foreach (var file in files)
        {
            var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
            Assert.True(notice.Lots.Count > 0 && notice.Lots.All(l => l.MainCpv is not null), $"{file}: a lot has no CPV code");
        }
    }
}
