using System.Text;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

public sealed class ErrorReasonsTests
{
    /// <summary>Broken variants of real notices, made at run time: the reasons the readers give for them.</summary>
    public static TheoryData<string, string, string> Broken() => new()
    {
        { "truncated", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "XML mal formé : fin de fichier inattendue" },
        { "empty", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "fichier vide" },
        { "binary", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "contenu binaire : le fichier contient des octets nuls" },
        { "prose", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "ce n'est pas un avis : le fichier commence par « Avis" },
        { "root", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "avis XML inconnu : l'élément racine <EXPORT> n'est ni eForms" },
        { "truncated", "boamp-api-jpbenga/boamp-where-date.json", "JSON mal formé : " },
        { "oversized", "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml", "octets, au-delà de la limite de 2\u00A0000 octets (réglage ClausesSociales:MaxNoticeBytes)" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void TheReadersReasonsForBrokenRealNoticesReadInFrench(string how, string path, string french)
    {
        var real = File.ReadAllBytes(SharedData.Path(path.Split('/')));
        byte[] content = how switch
        {
            "truncated" => real[..(real.Length / 2)],
            "empty" => [],
            "binary" => [.. real[..200], 0, .. real[200..400]],
            "prose" => Encoding.UTF8.GetBytes("Avis d'appel public à la concurrence : voir le fichier joint."),
            "root" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(real).Replace("TED_EXPORT", "EXPORT", StringComparison.Ordinal)),
            _ => real,
        };
        var parser = new NoticeParser(new ParserOptions { MaxNoticeBytes = how == "oversized" ? 2_000 : new ParserOptions().MaxNoticeBytes });

        var error = Assert.Throws<NoticeParseException>(() => parser.Parse(path, content));

        Assert.Contains(french, ErrorReasons.French(error.Reason));
        Assert.DoesNotContain(error.Reason.Split(':')[0], ErrorReasons.French(error.Reason));
    }

    [Fact]
    public void AnUnknownReasonIsShownAsItIsAndStagesHaveFrenchNames()
    {
        Assert.Equal("XML mal formé : fin de fichier inattendue, éléments non fermés : P, SHORT_DESCR, TED_EXPORT",
            ErrorReasons.French("malformed XML: Unexpected end of file has occurred. The following elements are not closed: P, SHORT_DESCR, TED_EXPORT."));
        Assert.Equal("HttpRequestException: 503 (Service Unavailable)", ErrorReasons.French("HttpRequestException: 503 (Service Unavailable)"));
        Assert.Equal("avis 1\nfichier vide", ErrorReasons.French("avis 1\nempty file"));
        // Standing alone in the quarantine table, each line starts with a capital, as "XML mal formé" does.
        Assert.Equal("Avis 1\nFichier vide", ErrorReasons.Sentence(ErrorReasons.French("avis 1\nempty file")));
        Assert.Equal("La page HTML ne contient aucun avis : ni titre, ni code CPV, ni lot", ErrorReasons.Sentence(ErrorReasons.French("HTML page holds no notice: no title")));
        Assert.Equal("Lecture de l'avis", ErrorReasons.Stage(ParseNoticeHandler.Stage));
        Assert.Equal("Collecte", ErrorReasons.Stage(CollectNoticesHandler.Stage));
    }
}
