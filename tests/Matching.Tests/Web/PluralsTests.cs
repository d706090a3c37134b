using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

public sealed class PluralsTests
{
    // Communes of the official split, as the subscription form names the structure's own ("30 km autour d'Aulnay-sous-Bois").
    [Theory]
    [InlineData("Aulnay-sous-Bois", "d'Aulnay-sous-Bois")]
    [InlineData("Évry-Courcouronnes", "d'Évry-Courcouronnes")]
    [InlineData("Le Havre", "du Havre")]
    [InlineData("Les Lilas", "des Lilas")]
    [InlineData("La Rochelle", "de La Rochelle")]
    [InlineData("Bondy", "de Bondy")]
    [InlineData("Hautmont", "de Hautmont")]
    public void DeIsElidedOrContractedBeforeAPlace(string name, string expected)
    {
        Assert.Contains(name, ClausesSociales.Territories.AdministrativeSplit.Instance.Communes.Select(c => c.Name));
        Assert.Equal(expected, Plurals.De(name));
    }

    [Fact]
    public void CountsAgreeWithTheirNoun()
    {
        Assert.Equal("0 lot", Plurals.Count(0, "lot", "lots"));
        Assert.Equal("1 occasion manquée", Plurals.Count(1, "occasion manquée", "occasions manquées"));
        Assert.Equal("1\u202F234 lots", Plurals.Count(1234, "lot", "lots"));
        Assert.Equal("a, b et c", Plurals.List(["a", "b", "c"]));
    }
}
