using System.Text.RegularExpressions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// Page text with the no-break spaces French typography puts before ":", ";", "!" and "?"
/// (<see cref="ClausesSociales.Web.Html.Typography"/>) read as plain spaces, so that a test
/// asserts the words it expects as it writes them ("Région inconnue : filtre ignoré.").
/// </summary>
public static partial class FrenchText
{
    public static string Plain(this string text) => HighPunctuation().Replace(text, " ");

    [GeneratedRegex("\u00A0(?=[:;!?])")]
    private static partial Regex HighPunctuation();
}
