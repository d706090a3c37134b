using System.Globalization;
using System.Text.Json;

namespace ClausesSociales.Decp;

/// <summary>One item of a DECP file: a contract, or a record that could not be read, with where it is.</summary>
public sealed record DecpItem(long Index, long Line, long Offset, DecpContract? Contract, string? Error);

/// <summary>
/// Reads the contracts of a DECP JSON file (<c>{"marches":{"marche":[...]}}</c>, or <c>{"marches":[...]}</c>)
/// from a stream with <see cref="Utf8JsonReader"/>, one record at a time: memory holds the read buffer
/// and the current record, whatever the size of the file. A record that cannot be read is returned
/// with its position and the reason, and reading goes on; a file whose JSON is broken ends with an
/// error item at the place of the break.
/// </summary>
public sealed class DecpReader
{
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start, _end;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long _bufferOffset;      // file offset of _buffer[0]
    private long _lineAt = 1;        // line number at _buffer[_countedTo]
    private int _countedTo;
    private string? _property;       // last property name read at depth 1 or 2
    private int _arrayDepth = -1;    // depth of the array of contracts, once found
    private long _index;
    private bool _done;

    public DecpReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Bytes read from the stream so far, for progress.</summary>
    public long BytesRead => _bufferOffset + _end;

    public static IEnumerable<DecpItem> Read(Stream stream)
    {
        var reader = new DecpReader(stream);
        while (reader.Next() is { } item) yield return item;
    }

    /// <summary>The next contract or bad record; null at the end of the file.</summary>
    public DecpItem? Next()
    {
        if (_done) return null;
        if (_arrayDepth < 0)
        {
            try
            {
                if (!FindContracts())
                {
                    _done = true;
                    return new DecpItem(0, 1, 0, null, "aucune liste de marchés (marches.marche) dans le fichier : ce n'est pas un fichier DECP au format 2022");
                }
            }
            catch (JsonException ex)
            {
                _done = true;
                var (line, offset) = Position(_start);
                return new DecpItem(_index, line + (ex.LineNumber ?? 0), offset + (ex.BytePositionInLine ?? 0), null, $"JSON illisible, lecture du fichier arrêtée : {ex.Message}");
            }
        }
        try
        {
            return NextRecord();
        }
        catch (InvalidDataException ex)
        {
            _done = true;
            var (line, offset) = Position(_start);
            return new DecpItem(_index, line, offset, null, ex.Message);
        }
    }

    /// <summary>Reads the head of the file with <see cref="Utf8JsonReader"/> up to the array of contracts; false when there is none.</summary>
    private bool FindContracts()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth <= 2:
                        _property = reader.GetString();
                        break;
                    case JsonTokenType.StartArray when _property == "marche" && reader.CurrentDepth == 2 || _property == "marches" && reader.CurrentDepth == 1:
                        _arrayDepth = reader.CurrentDepth;
                        Advance(reader.BytesConsumed, reader.CurrentState);
                        return true;
                }
            }
            Advance(reader.BytesConsumed, reader.CurrentState);
            if (_final) return false;
            Fill();
        }
    }

    /// <summary>
    /// Inside the array, each record is delimited by a scan that matches braces outside strings, then
    /// parsed alone: a record with invalid JSON (NaN, a stray character) is reported and skipped, and
    /// the next one is read. After the array of contracts, the rest of the file (concessions) is not read.
    /// </summary>
    private DecpItem? NextRecord()
    {
        while (true)
        {
            // Separators between records.
            while (_start < _end && (_buffer[_start] is (byte)',' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')) _start++;
            if (_start == _end)
            {
                if (_final)
                {
                    _done = true;
                    var (l, o) = Position(_start);
                    return new DecpItem(_index, l, o, null, "fichier tronqué : la liste des marchés n'est pas fermée");
                }
                Fill();
                continue;
            }
            if (_buffer[_start] == (byte)']')
            {
                _done = true;
                return null;
            }
            var length = RecordLength(_start);
            if (length < 0)
            {
                if (_final)
                {
                    _done = true;
                    var (l, o) = Position(_start);
                    return new DecpItem(_index++, l, o, null, "fichier tronqué au milieu d'un marché");
                }
                Fill();
                continue;
            }
            var (line, offset) = Position(_start);
            var index = _index++;
            var record = _buffer.AsMemory(_start, length);
            _start += length;
            try
            {
                using var doc = JsonDocument.Parse(record);
                return new DecpItem(index, line, offset, DecpMapping.Map(doc.RootElement), null);
            }
            catch (JsonException ex)
            {
                return new DecpItem(index, line, offset, null, $"JSON invalide dans le marché (ligne {line + (ex.LineNumber ?? 0)}) : {ex.Message}");
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                return new DecpItem(index, line, offset, null, ex.Message);
            }
        }
    }

    /// <summary>The length of the record starting at <paramref name="from"/>, or -1 when the buffer ends before it does.</summary>
    private int RecordLength(int from)
    {
        var depth = 0;
        var inString = false;
        for (var i = from; i < _end; i++)
        {
            var b = _buffer[i];
            if (inString)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') inString = false;
                continue;
            }
            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (depth == 0) return i - from; // a bare value ends at the array's end
                    if (--depth == 0) return i + 1 - from;
                    break;
                case (byte)',' when depth == 0:
                    return i - from;
            }
        }
        return -1;
    }

    private void Advance(long consumed, JsonReaderState state)
    {
        _start += (int)consumed;
        _state = state;
    }

    /// <summary>Keeps the unread bytes, grows the buffer when one record fills it, and reads more.</summary>
    private void Fill()
    {
        if (_final) return;
        if (_start > 0)
        {
            CountLines(_start);
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _countedTo -= _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes) throw new InvalidDataException($"un marché dépasse {MaxRecordBytes / 1024 / 1024} Mo : lecture du fichier arrêtée");
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _final = true;
        _end += read;
    }

    private void CountLines(int upTo)
    {
        if (upTo <= _countedTo) return;
        _lineAt += _buffer.AsSpan(_countedTo, upTo - _countedTo).Count((byte)'\n');
        _countedTo = upTo;
    }

    private (long Line, long Offset) Position(int bufferIndex)
    {
        CountLines(bufferIndex);
        return (_lineAt, _bufferOffset + bufferIndex);
    }
}

/// <summary>From one DECP record (JSON) to a <see cref="DecpContract"/>; lenient on optional fields, strict on the key.</summary>
internal static class DecpMapping
{
    public static DecpContract Map(JsonElement m)
    {
        if (m.ValueKind != JsonValueKind.Object) throw new FormatException("un marché doit être un objet JSON");
        var id = Text(m, "id") ?? throw new FormatException("marché sans identifiant (id)");
        var buyer = m.TryGetProperty("acheteur", out var a) && a.ValueKind == JsonValueKind.Object ? Text(a, "id") : null;
        if (buyer is null) throw new FormatException($"marché {id} sans acheteur (acheteur.id)");
        string? placeCode = null, placeType = null;
        if (m.TryGetProperty("lieuExecution", out var place) && place.ValueKind == JsonValueKind.Object)
        {
            placeCode = Text(place, "code");
            placeType = Text(place, "typeCode");
        }
        var titulaires = new List<Titulaire>();
        if (m.TryGetProperty("titulaires", out var ts) && ts.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in ts.EnumerateArray())
            {
                var holder = t.ValueKind == JsonValueKind.Object && t.TryGetProperty("titulaire", out var inner) ? inner : t;
                if (holder.ValueKind == JsonValueKind.Object && Text(holder, "id") is { } tid)
                {
                    titulaires.Add(new Titulaire(Text(holder, "typeIdentifiant") ?? "", new string(tid.Where(c => !char.IsWhiteSpace(c)).ToArray())));
                }
            }
        }
        return new DecpContract(
            id.Trim(),
            new string(buyer.Where(char.IsAsciiLetterOrDigit).ToArray()),
            Text(m, "objet"),
            Text(m, "codeCPV") is { } cpv ? new string(cpv.TakeWhile(c => c != '-').Where(char.IsAsciiDigit).ToArray()) : null,
            placeCode,
            placeType,
            Number(m, "montant"),
            Number(m, "dureeMois") is { } months && months is > 0 and < 10_000 ? (int)months : null,
            Text(m, "dateNotification") is { } date && DateOnly.TryParse(date.Length >= 10 ? date[..10] : date, CultureInfo.InvariantCulture, out var d) ? d : null,
            Text(m, "procedure"),
            Text(m, "nature"),
            titulaires,
            List(m, "considerationsSociales", "considerationSociale"),
            List(m, "considerationsEnvironnementales", "considerationEnvironnementale"));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static decimal? Number(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) return s;
        return null;
    }

    private static IReadOnlyList<string> List(JsonElement e, string outer, string inner)
    {
        if (!e.TryGetProperty(outer, out var o)) return [];
        var values = o.ValueKind == JsonValueKind.Object && o.TryGetProperty(inner, out var i) ? i : o;
        return values.ValueKind switch
        {
            JsonValueKind.Array => values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            JsonValueKind.String => [values.GetString()!],
            _ => [],
        };
    }
}
