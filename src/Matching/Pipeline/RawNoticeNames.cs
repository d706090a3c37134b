using System.Globalization;
using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>Names raw notice blobs as {source}/{yyyy}/{MM}/{dd}/{noticeId}.{ext} inside raw-notices.</summary>
public static class RawNoticeNames
{
    /// <summary>Longest id kept in a blob name before it is cut and given a hash.</summary>
    private const int MaxIdLength = 160;

    /// <summary>
    /// The blob of a notice. Characters other than ASCII letters, digits, '-', '_' and '.' are
    /// replaced, so that the name is a plain path; when any was replaced (or the id was cut), a hash
    /// of the original id is appended, so that two ids never share a blob ("26-99#12", "26-99?12").
    /// </summary>
    public static string For(string source, DateOnly date, string id, string extension)
    {
        var safeId = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        // A name made only of dots would be a path segment such as "..": never keep it bare.
        var exact = safeId == id && id.Length <= MaxIdLength && id.Trim('.').Length > 0;
        if (!exact)
        {
            safeId = (safeId.Length > MaxIdLength ? safeId[..MaxIdLength] : safeId) + "~" + Hashes.Hex(id, 12);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{source}/{date:yyyy}/{date:MM}/{date:dd}/{safeId}.{extension.TrimStart('.')}");
    }

    public static string Extension(NoticeFormat? format, string fileName) => format switch
    {
        NoticeFormat.BoampJson => "json",
        NoticeFormat.Html => "html",
        null => Path.GetExtension(fileName) is { Length: > 1 } ext ? ext.TrimStart('.').ToLowerInvariant() : "bin",
        _ => "xml",
    };
}
