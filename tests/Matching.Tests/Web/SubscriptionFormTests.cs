using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>The subscription form tells a real structure of the SIAE directory which lots its activity already brings it.</summary>
public sealed class SubscriptionFormTests
{
    [Fact]
    public void TellsAStructureWhichLotsItsActivityAlreadyBrings()
    {
        IReadOnlyList<Structure> real;
        using (var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv")))
        {
            real = new StructureCsvImporter().Read(reader).Structures;
        }
        var landscaper = real.First(s => s.Naf == "8130Z");

        var text = SubscriptionForm.MainActivity(StoredSample.Labels, StructureEntity.From(landscaper));

        Assert.StartsWith("D'après votre activité (code NAF 8130Z), les alertes portent déjà sur les lots de : ", text);
        Assert.Contains("Réalisation et entretien d'espaces verts", text);
        Assert.DoesNotContain("~", text);
        var nothingKnown = StructureEntity.From(landscaper with { Naf = null, Activities = [] });
        Assert.StartsWith("Aucune activité n'est connue pour votre structure", SubscriptionForm.MainActivity(StoredSample.Labels, nothingKnown));
    }
}
