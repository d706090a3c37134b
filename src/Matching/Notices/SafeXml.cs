using System.Xml;
using System.Xml.Linq;

namespace ClausesSociales.Notices;

/// <summary>
/// Reader settings for untrusted XML: no DTD, no external resolution, bounded size.
/// </summary>
public static class SafeXml
{
    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Reads the whole document under the reader's root element.</summary>
    public static XElement ReadRoot(XmlReader reader)
    {
        try
        {
            reader.MoveToContent();
            return (XElement)XNode.ReadFrom(reader);
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException)
        {
            throw Error(ex, reader);
        }
    }

    /// <summary>A bare pass of an XmlReader over documents, counting nodes: the yardstick of parse speed.</summary>
    public static long CountNodes(IEnumerable<byte[]> documents)
    {
        long nodes = 0;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true };
        foreach (var document in documents)
        {
            using var reader = XmlReader.Create(new MemoryStream(document, writable: false), settings);
            while (reader.Read()) nodes++;
        }
        return nodes;
    }

    /// <summary>Turns reader failures into <see cref="NoticeParseException"/> with line and column.</summary>
    public static NoticeParseException Error(Exception ex, XmlReader? reader = null) => ex switch
    {
        XmlException xml => new NoticeParseException($"malformed XML: {Trim(xml.Message)}", xml.LineNumber, xml.LinePosition, xml),
        NoticeParseException parse => parse,
        _ => new NoticeParseException($"unreadable XML: {ex.Message}",
            (reader as IXmlLineInfo)?.LineNumber, (reader as IXmlLineInfo)?.LinePosition, ex),
    };

    // XmlException messages end with "Line x, position y." which the exception carries apart.
    private static string Trim(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }
}

/// <summary>Navigation by local name, so that namespace prefixes and versions do not matter.</summary>
internal static class XmlNav
{
    public static XElement? Child(this XElement? e, string localName)
    {
        if (e is null) return null;
        foreach (var c in e.Elements())
        {
            if (c.Name.LocalName == localName) return c;
        }
        return null;
    }

    public static IEnumerable<XElement> Children(this XElement? e, string localName) =>
        e is null ? [] : e.Elements().Where(c => c.Name.LocalName == localName);

    public static IEnumerable<XElement> All(this XElement? e, string localName) =>
        e is null ? [] : e.Descendants().Where(c => c.Name.LocalName == localName);

    public static XElement? Path(this XElement? e, params string[] localNames)
    {
        foreach (var name in localNames)
        {
            e = e.Child(name);
            if (e is null) return null;
        }
        return e;
    }

    /// <summary>The trimmed text of an element, or null when it is missing or blank.</summary>
    public static string? Text(this XElement? e)
    {
        if (e is null) return null;
        var text = e.Value.Trim();
        return text.Length == 0 ? null : text;
    }

    public static string? Attr(this XElement? e, string localName) =>
        e?.Attributes().FirstOrDefault(a => a.Name.LocalName == localName)?.Value.Trim() is { Length: > 0 } v ? v : null;

    /// <summary>Text of paragraph children joined by newlines (TED and BOAMP wrap text in P elements).</summary>
    public static string? Paragraphs(this XElement? e)
    {
        if (e is null) return null;
        var paragraphs = e.Children("P").Select(p => p.Value.Trim()).Where(p => p.Length > 0).ToList();
        return paragraphs.Count > 0 ? string.Join("\n", paragraphs) : e.Text();
    }
}
