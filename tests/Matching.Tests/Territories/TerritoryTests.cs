using System.Text.Json;
using ClausesSociales.Notices;
using ClausesSociales.Storage;
using ClausesSociales.Territories;

namespace ClausesSociales.Tests.Territories;

public sealed class TerritoryTests
{
    private static readonly AdministrativeSplit Split = AdministrativeSplit.Instance;

    [Fact]
    public void ARealEpciResolvesToItsMemberCommunes()
    {
        var territory = Territory.Parse("EPCI:200037059", Split);

        // The members listed by the package's epci.json, read here independently of the loader.
        var package = ToolPackages.Folder(AdministrativeSplit.Package, Path.Combine("data", "epci.json"));
        using var epcis = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(package, "data", "epci.json")));
        var members = epcis.RootElement.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "200037059")
            .GetProperty("membres").EnumerateArray().Select(m => m.GetProperty("code").GetString()!).ToHashSet();

        Assert.Equal(members.Count, territory.Communes.Count);
        Assert.True(members.SetEquals(territory.Communes));
        Assert.Contains("80620", territory.Communes); // Péronne
        Assert.Equal("CC de la Haute Somme (Combles - Péronne - Roisel)", territory.Name);
        Assert.Equal(["80"], territory.Departments);
        Assert.Equal(["32"], territory.Regions);
        Assert.Empty(territory.WholeDepartments);
    }

    [Fact]
    public void ANamedSetOfTwoEpciJoinsTheirCommunes()
    {
        var one = Territory.Parse("EPCI:200037059", Split);
        var two = Territory.Parse("EPCI:200070928", Split);
        var both = Territory.Parse("EPCI:200037059,200070928", Split, "PETR Cœur des Hauts-de-France");

        Assert.Equal(one.Communes.Count + two.Communes.Count, both.Communes.Count);
        Assert.Equal("PETR Cœur des Hauts-de-France", both.Name);
        Assert.Equal(2, both.Epcis.Count);
    }

    [Fact]
    public void ADepartmentHoldsAllItsCommunesAndBadSpecificationsAreRefused()
    {
        var somme = Territory.Parse("DEP:80", Split);
        Assert.Equal(Split.CommunesOfDepartment("80").Count, somme.Communes.Count);
        Assert.Equal(["80"], somme.WholeDepartments);
        Assert.Contains(somme.Epcis, e => e.Code == "200037059");

        Assert.Throws<FormatException>(() => Territory.Parse("EPCI:999999999", Split));
        Assert.Throws<FormatException>(() => Territory.Parse("CANTON:12", Split));
        Assert.Throws<FormatException>(() => Territory.Parse("80", Split));
    }

    [Fact]
    public void BuyersOfTheSampleFeedLandInTheirTerritory()
    {
        var parser = new NoticeParser();
        var buyers = Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed"))
            .SelectMany(f => parser.Parse(Path.GetFileName(f), File.ReadAllBytes(f)).Notices)
            .ToDictionary(n => n.NoticeId, n => n.Buyer);
        var places = new PlaceResolver(Split);
        var seineSaintDenis = Territory.Parse("DEP:93", Split);
        var rhone = Territory.Parse("DEP:69", Split);
        var grandParis = Territory.Parse("EPCI:200054781", Split);

        // Commune de Montreuil, SIRET 21930048000015: the commune 93048 by its SIREN.
        var montreuil = places.Buyer(buyers["26-104233"].Identifier, buyers["26-104233"].Name);
        Assert.Equal(["93048"], montreuil.Communes);
        Assert.Equal(Membership.Inside, seineSaintDenis.Of(montreuil.Communes));
        Assert.Equal(Membership.Inside, grandParis.Of(montreuil.Communes));
        Assert.Equal(Membership.Outside, rhone.Of(montreuil.Communes));

        // Département de la Seine-Saint-Denis, no SIRET in the notice: found by its name; the whole department is in
        // the Métropole du Grand Paris, and larger than the commune of Montreuil.
        var department = places.Buyer(buyers["26-118805"].Identifier, buyers["26-118805"].Name);
        Assert.Equal(Split.CommunesOfDepartment("93").Count, department.Communes.Count);
        Assert.Equal(Membership.Inside, seineSaintDenis.Of(department.Communes));
        Assert.Equal(Membership.Inside, grandParis.Of(department.Communes));
        Assert.Equal(Membership.Overlaps, Territory.Parse("COM:93048", Split).Of(department.Communes));

        // Métropole de Lyon, SIRET 20004697700019: the EPCI by its SIREN, inside the Rhône.
        var lyon = places.Buyer(buyers["00712345-2026"].Identifier, buyers["00712345-2026"].Name);
        Assert.Equal("Métropole de Lyon", lyon.Label);
        Assert.Equal(Membership.Inside, rhone.Of(lyon.Communes));
        Assert.Equal(Membership.Outside, seineSaintDenis.Of(lyon.Communes));
    }

    // Real TED notices whose buyer is a commune (or one of its services) named, without a SIREN the split knows.
    [Theory]
    [InlineData("ted-rdf-mapping/test_data/sampling_2014_2022/R2.0.9.S01.E01/eforms_subtype_20/226186-2017.xml", "75056")] // Ville de Paris — Jeunesse et Sports
    [InlineData("ted-rdf-mapping/test_data/sampling_2014_2022/R2.0.9.S04.E01/eforms_subtype_19/357954-2021.xml", "93062")] // Mairie du Raincy
    [InlineData("ted-rdf-mapping/mappings/package_F21/test_data/form_number_F21_S04/152614-2021.xml", "01166")] // Mairie de Frans
    public void ACommuneBuyerIsFoundByItsName(string file, string commune)
    {
        var buyer = new NoticeParser().Parse(Path.GetFileName(file), File.ReadAllBytes(SharedData.Path(file.Split('/')))).Notices[0].Buyer;
        var place = new PlaceResolver(Split).Buyer(null, buyer.Name);
        Assert.Equal([commune], place.Communes);
        Assert.Equal("nom de l'acheteur : commune", place.How);
    }

    [Fact]
    public void WhatCannotBeKnownIsUnknown()
    {
        var places = new PlaceResolver(Split);
        Assert.False(places.Buyer(null, "Commune de Montreuil").IsKnown); // three communes bear that name
        Assert.False(places.Buyer("12345678900023", "Entreprise X").IsKnown);
        Assert.Equal(Membership.Unknown, Territory.Parse("DEP:93", Split).Of(places.Decp(null, null).Communes));
        Assert.Equal(Membership.Inside, Territory.Parse("DEP:87", Split).Of(places.Decp("87000", "Code postal").Communes));
    }
}
