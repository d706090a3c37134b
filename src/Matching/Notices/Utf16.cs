using System.Text;

namespace ClausesSociales.Notices;

/// <summary>
/// Notices saved as UTF-16 (Windows tools do this) carry a byte order mark. The parsers read
/// UTF-8, so such a file is turned into UTF-8 first, its XML declaration saying so.
/// </summary>
internal static class Utf16
{
    public static ReadOnlyMemory<byte> ToUtf8IfMarked(ReadOnlyMemory<byte> content, long maxBytes)
    {
        var span = content.Span;
        Encoding? encoding = span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)
            : span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)
            : null;
        if (encoding is null) return content;
        if (span.Length > maxBytes)
        {
            throw new NoticeParseException($"file is {span.Length:N0} bytes, over the {maxBytes:N0}-byte limit (setting ClausesSociales:MaxNoticeBytes)");
        }
        string text;
        try
        {
            text = encoding.GetString(span[2..]);
        }
        catch (DecoderFallbackException ex)
        {
            throw new NoticeParseException($"invalid UTF-16 text at byte {ex.Index + 2}", inner: ex);
        }
        return Encoding.UTF8.GetBytes(DeclareUtf8(text));
    }

    /// <summary>Rewrites the encoding of an XML declaration (<c>&lt;?xml version="1.0" encoding="UTF-16"?&gt;</c>) to UTF-8.</summary>
    private static string DeclareUtf8(string text)
    {
        if (!text.StartsWith("<?xml", StringComparison.Ordinal)) return text;
        var end = text.IndexOf("?>", StringComparison.Ordinal);
        if (end < 0 || end > 200) return text;
        var declaration = text[..end];
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0) return text;
        var open = declaration.IndexOfAny(['"', '\''], at);
        if (open < 0) return text;
        var close = declaration.IndexOf(declaration[open], open + 1);
        if (close < 0) return text;
        return string.Concat(declaration.AsSpan(0, open + 1), "UTF-8", text.AsSpan(close));
    }
}
