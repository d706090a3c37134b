using System.Globalization;
using ClausesSociales.Notices;

namespace ClausesSociales.Pipeline;

/// <summary>Names raw notice blobs as {source}/{yyyy}/{MM}/{dd}/{noticeId}.{ext} inside raw-notices.</summary>
public static class RawNoticeNames
{
    public static string For(string source, DateOnly date, string id, string extension)
    {
        var safeId = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
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
