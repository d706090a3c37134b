using System.Text;

namespace ClausesSociales.Structures;

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes; ',' or ';' told from the header.</summary>
public static class Csv
{
    /// <summary>A value written as one field: quoted, quotes doubled, when it holds a delimiter, a quote or a line break.</summary>
    public static string Field(string? value) => value is null ? "" : value.IndexOfAny([',', ';', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader)
    {
        var line = 0;
        char? delimiter = null;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var start = line;
            if (text.Length == 0) continue;
            delimiter ??= text.Count(c => c == ';') > text.Count(c => c == ',') ? ';' : ',';
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; ; i++)
            {
                if (i == text.Length)
                {
                    if (quoted && reader.ReadLine() is { } next)
                    {
                        line++;
                        field.Append('\n');
                        text = next;
                        i = -1;
                        continue;
                    }
                    break;
                }
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"' && field.Length == 0) quoted = true;
                else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            yield return (start, fields.ToArray());
        }
    }
}
