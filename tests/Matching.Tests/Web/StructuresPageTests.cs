using AngleSharp;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>A structure of the real SIAE directory finds itself by SIRET or by a part of its name, accents aside, and reaches its public record.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StructuresPageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FindsARealStructureBySiretAndByNameAndRefusesAnInvalidSiret()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        IReadOnlyList<Structure> real;
        using (var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv")))
        {
            real = new StructureCsvImporter().Read(reader).Structures;
        }
        var chosen = real.First(s => s.Name.Any(c => "éèàç".Contains(c)) && s.Name.Length > 8);
        await new StructureStore(storage).SaveAsync([chosen, .. real.Where(s => s.Siret != chosen.Siret).Take(300)], CancellationToken.None);
        var page = new StructuresPage(storage);
        var context = BrowsingContext.New(Configuration.Default);

        var siretAnswer = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = $" {chosen.Siret[..9]} {chosen.Siret[9..]} " }, CancellationToken.None);
        var bySiret = await context.OpenAsync(r => r.Content(siretAnswer.Html));
        var link = Assert.Single(bySiret.QuerySelectorAll("article.card h2 a"));
        Assert.Equal($"https://annuaire-entreprises.data.gouv.fr/etablissement/{chosen.Siret}", link.GetAttribute("href"));
        Assert.Equal(chosen.Name, link.TextContent);
        // Its kind spelled out: "EI" alone could read as an entreprise individuelle. The SIRET as the French write it, and
        // typed that way it finds the structure again.
        var meta = bySiret.QuerySelector("article.card p.meta")!.TextContent;
        var written = $"{chosen.Siret[..3]}\u00A0{chosen.Siret[3..6]}\u00A0{chosen.Siret[6..9]}\u00A0{chosen.Siret[9..]}";
        Assert.Equal($"{chosen.Kind.InFrench()} · SIRET\u00A0{written}", meta);
        var writtenAnswer = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = written }, CancellationToken.None);
        var again = await context.OpenAsync(r => r.Content(writtenAnswer.Html));
        Assert.Single(again.QuerySelectorAll("article.card"));
        var dotted = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = $"{chosen.Siret[..3]}.{chosen.Siret[3..6]}.{chosen.Siret[6..9]}.{chosen.Siret[9..]}" }, CancellationToken.None);
        Assert.Single((await context.OpenAsync(r => r.Content(dotted.Html))).QuerySelectorAll("article.card"));

        // A part of the name typed without its accents, in capitals.
        var word = chosen.Name.Split(' ').OrderByDescending(w => w.Count(c => "éèàç".Contains(c))).ThenByDescending(w => w.Length).First();
        var typed = ClausesSociales.Notices.NoticeValues.Fold(word).ToUpperInvariant();
        var nameAnswer = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = typed }, CancellationToken.None);
        var byName = await context.OpenAsync(r => r.Content(nameAnswer.Html));
        Assert.Contains(byName.QuerySelectorAll("article.card h2 a"), a => a.TextContent == chosen.Name);
        Assert.True(byName.QuerySelectorAll("article.card").Length <= StructuresPage.MaxResults);
        Assert.Equal(typed, byName.QuerySelector("input#q")!.GetAttribute("value"));
        Assert.NotNull(byName.QuerySelector("label[for='q']"));
        // A structure not among the results can ask to be added.
        Assert.Contains(byName.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/structures/ajout" && a.TextContent == "Demander son ajout à l'annuaire");

        // Its SIREN (the company's 9 digits, as a structure often knows it) finds its establishment.
        var sirenAnswer = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = $"{chosen.Siret[..3]} {chosen.Siret[3..6]} {chosen.Siret[6..9]}" }, CancellationToken.None);
        var bySiren = await context.OpenAsync(r => r.Content(sirenAnswer.Html));
        Assert.Contains(bySiren.QuerySelectorAll("article.card h2 a"), a => a.TextContent == chosen.Name);
        Assert.All(bySiren.QuerySelectorAll("article.card h2 a"), a => Assert.Contains($"/etablissement/{chosen.Siret[..9]}", a.GetAttribute("href")));

        // A word many names share: the first 20, with how to narrow them; a word of the name and the town find the one.
        var common = real.Where(s => s.Siret != chosen.Siret).Take(300).SelectMany(s => ClausesSociales.Notices.NoticeValues.Fold(s.Name).Split(' ').Where(w => w.Length >= 4).Distinct())
            .GroupBy(w => w).OrderByDescending(g => g.Count()).First().Key;
        var many = await context.OpenAsync(r => r.Content(page.HandleAsync(new Dictionary<string, string?> { ["q"] = common }, CancellationToken.None).Result.Html));
        Assert.Equal(StructuresPage.MaxResults, many.QuerySelectorAll("article.card").Length);
        Assert.Contains("ajoutez un autre mot du nom, la ville ou le code postal", many.Body!.TextContent.Plain());
        Assert.False(string.IsNullOrEmpty(chosen.City));
        var narrowed = await context.OpenAsync(r => r.Content(page.HandleAsync(new Dictionary<string, string?> { ["q"] = $"{typed} {chosen.City!.ToLowerInvariant()}" }, CancellationToken.None).Result.Html));
        Assert.Contains(narrowed.QuerySelectorAll("article.card h2 a"), a => a.TextContent == chosen.Name);
        Assert.All(narrowed.QuerySelectorAll("article.card p.meta + p.meta"), p => Assert.Contains(chosen.City!, p.TextContent, StringComparison.OrdinalIgnoreCase));

        // A SIREN with a wrong check digit is said to be one, not "no structure".
        var wrongSiren = chosen.Siret[..8] + (char)('0' + (chosen.Siret[8] - '0' + 1) % 10);
        var badSiren = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = wrongSiren }, CancellationToken.None);
        Assert.Equal(400, badSiren.Status);
        Assert.Contains("pas un SIREN valide", badSiren.Html);

        var wrong = chosen.Siret[..13] + (char)('0' + (chosen.Siret[13] - '0' + 1) % 10);
        var refused = await page.HandleAsync(new Dictionary<string, string?> { ["q"] = wrong }, CancellationToken.None);
        Assert.Equal(400, refused.Status);
        Assert.Contains("pas un SIRET valide", refused.Html);
    }
}
