using ClausesSociales.Classification;
using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

/// <summary>The rules that turn what buyers wrote into labels, each on a real notice.</summary>
public sealed class LabelRulesTests
{
    private readonly NoticeParser _parser = new();

    private Notice Parse(params string[] path)
    {
        var file = SharedData.Path(path);
        return Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
    }

    [Fact]
    public void AnEformsGppNoneAnswerIsNotGreen()
    {
        var file = SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples", "eforms_sdk_v1.10", "eform_subtype_16", "739962-2023.xml");
        Assert.Contains("listName=\"gpp-criteria\">none", File.ReadAllText(file));

        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.All(notice.Lots, l => Assert.DoesNotContain(l.Markers.Green, c => c.EndsWith("none", StringComparison.Ordinal)));
        Assert.All(notice.Lots, l => Assert.True(l.Markers.Knows(Labels.Green)));
    }

    [Fact]
    public void ArchitecturalInsertionInAnAwardCriterionIsNotSocial()
    {
        var notice = Parse("ted-rdf-mapping", "mappings", "package_F25", "test_data", "form_number_F25_S03", "487348-2019.xml");

        Assert.Contains(notice.Lots, l => l.Markers.Social.Count == 0);
        Assert.All(notice.Lots, l => Assert.DoesNotContain(MarkerCodes.SocialCriteria, l.Markers.Social));
        Assert.False(ExecutionConditions.IsSocial("Insertion architecturale et urbaine et qualité esthétique"));
    }

    [Fact]
    public void TheLegalObligationToEmployDisabledWorkersIsNotASocialCondition()
    {
        var notice = Parse("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F24", "363310-2017.xml");

        Assert.Contains("obligation d'emploi des travailleurs handicapés", File.ReadAllText(SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F24", "363310-2017.xml")));
        Assert.All(notice.Lots, l => Assert.DoesNotContain(MarkerCodes.SocialExecutionCondition, l.Markers.Social));
    }

    [Fact]
    public void AReservationSentenceInThePerformanceConditionsReservesTheLotItNamesAndIsNotASocialCondition()
    {
        var notice = Parse("ted-rdf-mapping", "mappings", "package_F21", "test_data", "form_number_F21_2021", "497881-2021.xml");

        var lot6 = Assert.Single(notice.Lots, l => l.LotId == "6");
        Assert.NotEmpty(lot6.Markers.Reserved);
        Assert.False(ExecutionConditions.IsSocial("en vertu des articles L. 2113-12 et L.2113-13 du Code de la commande publique, le lot 6 est réservé : - aux entreprises adaptées, à des établissements et services d'aide par le travail"));
        Assert.Equal(["6"], ExecutionConditions.Reservations("le lot 6 est réservé aux entreprises adaptées").Single().Lots);
        Assert.All(notice.Lots, l => Assert.DoesNotContain(MarkerCodes.SocialExecutionCondition, l.Markers.Social));
    }

    [Fact]
    public void AnInsertionClauseInThePerformanceConditionsIsSocial()
    {
        var file = SharedData.Files("ted-rdf-mapping").First(f => f.EndsWith("147024-2018.xml", StringComparison.Ordinal));
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.All(notice.Lots, l => Assert.Contains(MarkerCodes.SocialExecutionCondition, l.Markers.Social));
    }

    [Fact]
    public void ATedR2AwardNoticeCannotDeclareReservationsOrConditions()
    {
        var award = Parse("ted-rdf-mapping", "mappings", "package_F25", "test_data", "form_number_F25_S03", "487348-2019.xml");
        var contract = Parse("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F24", "363310-2017.xml");

        Assert.Equal(NoticeKind.ContractAward, award.Kind);
        Assert.All(award.Lots, l => Assert.False(l.Markers.Knows(Labels.Reserved)));
        Assert.All(award.Lots, l => Assert.True(l.Markers.Knows(Labels.Green)));
        Assert.All(contract.Lots, l => Assert.True(l.Markers.Knows(Labels.Reserved) && l.Markers.Knows(Labels.Social) && l.Markers.Knows(Labels.Green)));
        var rows = TrainingSet.FromNotices([award]);
        Assert.All(rows, r => Assert.False(r.Knows(Labels.Reserved) || r.Knows(Labels.Social)));
    }

    [Fact]
    public void TextDerivedLabelsOfANoticeInALanguageTheRulesDoNotReadAreUnknown()
    {
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "491121-2021.xml");
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.False(ExecutionConditions.ReadsLanguage(notice.Language));
        Assert.All(notice.Lots, l => Assert.True(l.Markers.Knows(Labels.Reserved)));
        Assert.All(notice.Lots.Where(l => l.Markers.Social.Count == 0), l => Assert.False(l.Markers.Knows(Labels.Social)));
        Assert.All(notice.Lots.Where(l => l.Markers.Green.Count == 0), l => Assert.False(l.Markers.Knows(Labels.Green)));
    }

    [Theory]
    [InlineData("Valeur technique appréciée au regard des articles L. 100-4 du code de l'énergie", false)]
    [InlineData("Performance énergétique des équipements proposés", true)]
    [InlineData("Gestion et valorisation des déchets de chantier", true)]
    public void EnergyIsGreenOnlyAsPerformanceNotAsALegalReference(string criterion, bool green) =>
        Assert.Equal(green, ExecutionConditions.IsEnvironmental(criterion));

    [Fact]
    public void APublicationReadInTwoFormatsGivesItsLotsOnce()
    {
        var notice = Parse("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F24", "363310-2017.xml");
        var eformsNumbering = notice with { NoticeId = "00" + notice.NoticeId };

        var rows = TrainingSet.FromNotices([notice, eformsNumbering]);

        Assert.Equal(notice.Lots.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal($"ted_{notice.NoticeId}", r.NoticeKey));
    }
}
