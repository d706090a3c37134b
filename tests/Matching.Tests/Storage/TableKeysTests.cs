using ClausesSociales.Pipeline;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Storage;

public sealed class TableKeysTests
{
    // Ids of the real corpora and the hostile forms that used to collide.
    private static readonly string[] Ids =
    [
        "26-99#12", "26-99?12", "26-99_12", "26-99/12", "26-99|12", "26-99~007C12", "26-99\\12", "26-99~12", "26-99~0023" + "12", "..", "...", "26-99\u000112",
        "016699-2021", "00712345-2026", "LOT-0001", new string('x', 600), new string('x', 599) + "y",
    ];

    [Fact]
    public void DifferentValuesNeverShareAKeyAndKeysHoldNoForbiddenCharacter()
    {
        var keys = Ids.Select(id => TableKeys.Safe(id)).ToList();

        Assert.Equal(Ids.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(k.Length <= TableKeys.MaxLength && k.IndexOfAny(['/', '\\', '#', '?']) < 0 && !k.Any(char.IsControl), k));
        // Plain ids keep their own text, so the rows stay readable.
        Assert.Equal("016699-2021", TableKeys.Safe("016699-2021"));
    }

    [Fact]
    public void DifferentNoticeIdsNeverShareARawBlob()
    {
        var day = new DateOnly(2026, 11, 24);
        var names = Ids.Select(id => RawNoticeNames.For("boamp", day, id, "json")).ToList();

        Assert.Equal(Ids.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.DoesNotContain("/../", n));
        Assert.Equal("boamp/2026/11/24/016699-2021.json", RawNoticeNames.For("boamp", day, "016699-2021", "json"));
    }
}
