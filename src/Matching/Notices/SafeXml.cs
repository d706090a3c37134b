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

    /// <summary>Deepest element nesting accepted; real notices stay under 30 levels.</summary>
    public const int MaxDepth = 256;

    /// <summary>Reads the whole document under the reader's root element.</summary>
    public static XElement ReadRoot(XmlReader reader)
    {
        try
        {
            reader.MoveToContent();
            return ReadElement(reader);
        }
        catch (Exception ex) when (ex is XmlException or InvalidOperationException)
        {
            throw Error(ex, reader);
        }
    }

    /// <summary>
    /// Reads the element the reader is on, with its content, and leaves the reader after it, as
    /// <see cref="XNode.ReadFrom"/> does, but in one linear pass that refuses nesting deeper than
    /// <see cref="MaxDepth"/> (with the line and column where it goes too deep).
    /// </summary>
    public static XElement ReadElement(XmlReader reader)
    {
        if (reader.NodeType != XmlNodeType.Element) throw new InvalidOperationException($"expected an element, found {reader.NodeType}");
        var root = StartElement(reader);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return root;
        }
        var current = root;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth > MaxDepth)
                    {
                        var info = reader as IXmlLineInfo;
                        throw new NoticeParseException($"XML nested deeper than {MaxDepth} levels", info?.LineNumber, info?.LinePosition);
                    }
                    var child = StartElement(reader);
                    current.Add(child);
                    if (!reader.IsEmptyElement) current = child;
                    break;
                case XmlNodeType.EndElement:
                    if (current == root)
                    {
                        reader.Read();
                        return root;
                    }
                    current = current.Parent!;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    current.Add(new XText(reader.Value));
                    break;
                case XmlNodeType.CDATA:
                    current.Add(new XCData(reader.Value));
                    break;
            }
        }
        throw new XmlException("unexpected end of the document");
    }

    private static XElement StartElement(XmlReader reader)
    {
        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                // Namespace declarations are kept by the names they qualify; as attributes they would only clash.
                if (reader.NamespaceURI != XNamespace.Xmlns.NamespaceName) element.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return element;
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
        // Most texts are one paragraph: it is returned as read, without a list or a join.
        string? first = null;
        System.Text.StringBuilder? joined = null;
        foreach (var child in e.Elements())
        {
            if (child.Name.LocalName != "P") continue;
            var value = child.Value;
            var text = value.AsSpan().Trim();
            if (text.IsEmpty) continue;
            if (first is null) { first = text.Length == value.Length ? value : text.ToString(); continue; }
            (joined ??= new System.Text.StringBuilder(first)).Append('\n').Append(text);
        }
        return joined?.ToString() ?? first ?? e.Text();
    }
}
