using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

/// <summary>Bad input, made at run time from real files: each gets a clear reason.</summary>
public sealed class NoticeParserTests
{
    private readonly NoticeParser _parser = new();

    private static byte[] Real(string relative) => File.ReadAllBytes(SharedData.Path(relative.Split('/')));

    [Fact]
    public void RejectsTruncatedXmlWithLineAndColumn()
    {
        var bytes = Real("ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml");
        var truncated = bytes[..(bytes.Length / 2)];

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("truncated.xml", truncated));

        Assert.StartsWith("malformed XML", ex.Reason);
        Assert.NotNull(ex.Line);
        Assert.NotNull(ex.Column);
    }

    [Fact]
    public void RejectsTruncatedEformsAndJson()
    {
        var eforms = File.ReadAllBytes(SharedData.EformsExample("cn_24_maximal"));
        var json = Real("boamp-api-jpbenga/boamp-where-date.json");

        Assert.StartsWith("malformed XML", Assert.Throws<NoticeParseException>(() => _parser.Parse("a.xml", eforms[..5000])).Reason);
        Assert.StartsWith("malformed JSON", Assert.Throws<NoticeParseException>(() => _parser.Parse("a.json", json[..3000])).Reason);
    }

    [Fact]
    public void RejectsBinaryContent()
    {
        var zip = File.ReadAllBytes(SharedData.Files("decp-json", "*.zip").First());

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("decp.zip", zip));

        Assert.StartsWith("binary content", ex.Reason);
    }

    [Fact]
    public void RejectsFilesOverTheSizeLimitBeforeReadingThem()
    {
        var parser = new NoticeParser(new ParserOptions { MaxNoticeBytes = 100_000 });
        var large = File.ReadAllBytes(SharedData.EformsExample("cn_24_maximal_100_lots"));

        var ex = Assert.Throws<NoticeParseException>(() => parser.Parse("large.xml", large));

        Assert.Contains("over the 100,000-byte limit", ex.Reason);
    }

    [Fact]
    public void RefusesDocumentTypeDefinitions()
    {
        var bytes = Real("ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml");
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var withEntity = text.Replace("?><TED_EXPORT", "?><!DOCTYPE TED_EXPORT [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><TED_EXPORT");

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("dtd.xml", System.Text.Encoding.UTF8.GetBytes(withEntity)));

        Assert.Contains("DTD", ex.Reason);
    }

    [Fact]
    public void RejectsXmlThatIsNoNotice()
    {
        var codeList = Real("eforms-sdk/codelists/social-objective.gc");

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("social-objective.gc", codeList));

        Assert.Contains("root element <CodeList>", ex.Reason);
    }

    [Fact]
    public void RejectsJsonThatIsNoBoampRecord()
    {
        var geo = Real("geo/departements.json");

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("departements.json", geo));

        Assert.Contains("no BOAMP record", ex.Reason);
    }

    [Fact]
    public void RejectsEmptyAndTextFiles()
    {
        Assert.Equal("empty file", Assert.Throws<NoticeParseException>(() => _parser.Parse("e.xml", Array.Empty<byte>())).Reason);
        Assert.StartsWith("not a notice", Assert.Throws<NoticeParseException>(() => _parser.Parse("README.md", Real("README.md"))).Reason);
    }
}
