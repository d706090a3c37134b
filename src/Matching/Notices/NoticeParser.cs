using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Notices;

/// <summary>
/// Reads one raw notice file of any supported format. The format is told by the content, not
/// the name: JSON is a BOAMP record or page, HTML is a notice page, and XML is told apart by
/// its root element. Every failure is a <see cref="NoticeParseException"/> with a clear reason.
/// </summary>
public sealed class NoticeParser(ParserOptions options, CodeLabels? codes = null)
{
    private readonly EformsNoticeParser _eforms = new(codes);
    private readonly TedR2NoticeParser _ted = new();
    private readonly BoampXmlNoticeParser _boampXml = new();
    private readonly HtmlNoticeParser _html = new();

    public NoticeParser() : this(new ParserOptions(), null)
    {
    }

    public ParserOptions Options => options;

    /// <summary>Parses a notice file; <paramref name="name"/> gives an identifier to pages that carry none.</summary>
    /// <exception cref="NoticeParseException">for every input that cannot be read, whatever went wrong inside.</exception>
    public ParsedFile Parse(string name, ReadOnlyMemory<byte> content)
    {
        try
        {
            content = Utf16.ToUtf8IfMarked(content, options.MaxNoticeBytes);
            var format = Detect(content.Span, options.MaxNoticeBytes);
            var notices = format switch
            {
                NoticeFormat.BoampJson => new BoampJsonNoticeParser(_eforms).Parse(content),
                NoticeFormat.Html => [_html.Parse(Decode(content.Span), Path.GetFileNameWithoutExtension(name))],
                _ => [ParseXml(format, content)],
            };
            return new ParsedFile(format, notices.Select(WrittenReservations.Apply).ToList());
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new NoticeParseException($"a field is too long or too irregular to read (pattern timed out after {ex.MatchTimeout.TotalSeconds:0.#} s on {ex.Input.Length:N0} characters)", inner: ex);
        }
        catch (Exception ex) when (ex is not (NoticeParseException or OperationCanceledException or OutOfMemoryException))
        {
            // A fault of ours on an input we did not foresee: the file is still rejected with a reason, never a crash of the batch.
            throw new NoticeParseException($"parser failure ({ex.GetType().Name}): {ex.Message}", inner: ex) { ParserFault = true };
        }
    }

    /// <summary>Parses a notice file, returning the failure instead of throwing it.</summary>
    public ParseAttempt TryParse(string name, ReadOnlyMemory<byte> content)
    {
        try
        {
            return new ParseAttempt(Parse(name, content), null);
        }
        catch (NoticeParseException ex)
        {
            return new ParseAttempt(null, ex);
        }
    }

    private Notice ParseXml(NoticeFormat format, ReadOnlyMemory<byte> content)
    {
        using var stream = new ReadOnlyMemoryStream(content);
        using var reader = XmlReader.Create(stream, SafeXml.Settings(options.MaxNoticeBytes));
        return format switch
        {
            NoticeFormat.Eforms => _eforms.Parse(reader),
            NoticeFormat.TedR2 => _ted.Parse(reader),
            NoticeFormat.BoampXml => _boampXml.Parse(reader),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Tells the format from the first bytes, rejecting empty, oversized and binary files.</summary>
    public static NoticeFormat Detect(ReadOnlySpan<byte> content, long maxBytes)
    {
        if (content.Length == 0) throw new NoticeParseException("empty file");
        if (content.Length > maxBytes)
        {
            throw new NoticeParseException($"file is {content.Length:N0} bytes, over the {maxBytes:N0}-byte limit (setting ClausesSociales:MaxNoticeBytes)");
        }
        var head = content[..Math.Min(content.Length, 4096)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        if (head.IndexOf((byte)0) >= 0) throw new NoticeParseException("binary content: the file holds NUL bytes and is not a text notice", 1, head.IndexOf((byte)0) + 1);
        var text = Encoding.UTF8.GetString(head).TrimStart();
        if (text.Length == 0) throw new NoticeParseException("file holds only white space");
        if (text[0] is '{' or '[') return NoticeFormat.BoampJson;
        if (text[0] != '<') throw new NoticeParseException($"not a notice: the file starts with '{Printable(text)}', not with XML, HTML or JSON", 1, 1);

        var lower = text.ToLowerInvariant();
        if (lower.StartsWith("<!doctype html", StringComparison.Ordinal) || lower.StartsWith("<html", StringComparison.Ordinal) || lower.Contains("<html")) return NoticeFormat.Html;

        var root = RootName(text);
        if (root is null) throw new NoticeParseException("XML has no root element in its first 4 KB");
        if (EformsNoticeParser.RootElements.Contains(root)) return NoticeFormat.Eforms;
        return root switch
        {
            "TED_EXPORT" => NoticeFormat.TedR2,
            "ANNONCE" => NoticeFormat.BoampXml,
            _ => throw new NoticeParseException($"unknown XML notice: root element <{root}> is not eForms, TED_EXPORT or BOAMP ANNONCE"),
        };
    }

    private static string? RootName(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('<', i)) >= 0 && i + 1 < text.Length)
        {
            var c = text[i + 1];
            if (c is '?' or '!') { i++; continue; }
            var end = text.IndexOfAny([' ', '>', '/', '\n', '\r', '\t'], i + 1);
            if (end < 0) return null;
            var name = text[(i + 1)..end];
            var colon = name.IndexOf(':');
            return colon >= 0 ? name[(colon + 1)..] : name;
        }
        return null;
    }

    private static string Printable(string text)
    {
        var first = new string(text.Take(12).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return first;
    }

    private static string Decode(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? Encoding.UTF8.GetString(content[3..]) : Encoding.UTF8.GetString(content);
}

/// <summary>The notices read from one file, and the format they were in.</summary>
public sealed record ParsedFile(NoticeFormat Format, IReadOnlyList<Notice> Notices);

/// <summary>What parsing one file gave: its notices, or why it cannot be read.</summary>
public sealed record ParseAttempt(ParsedFile? Parsed, NoticeParseException? Error);

public sealed class ParserOptions
{
    /// <summary>Files larger than this are rejected before parsing (default 20 MB).</summary>
    public long MaxNoticeBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>A read-only stream over memory, without copying it.</summary>
internal sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => memory.Length;

    public override long Position
    {
        get => _position;
        set => _position = (int)Math.Clamp(value, 0, memory.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, memory.Length - _position);
        memory.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => memory.Length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
