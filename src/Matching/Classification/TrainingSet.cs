using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClausesSociales.Notices;
using ClausesSociales.Structures;

namespace ClausesSociales.Classification;

/// <summary>
/// Builds classifier rows from parsed notices (labels = declared markers), splits them by notice,
/// and applies an admin's CSV of labelled lots. The admin CSV has the columns
/// <c>noticeId,lotId,social,reserved,green</c> (1, 0, or empty to keep what the notice declares)
/// and, for lots that are not in the notices given, <c>title,description,mainCpv,additionalCpv,nuts,department,estimatedValue,durationMonths,buyerKind,noticeKind</c>.
/// </summary>
public static class TrainingSet
{
    /// <summary>
    /// Rows of the lots of the notices, each publication once: the same notice read twice, or in two
    /// formats (TED XML "091489-2019" and eForms "00091489-2019"), gives its lots once, first read first kept.
    /// </summary>
    public static List<LotRow> FromNotices(IEnumerable<Notice> notices)
    {
        var seen = new HashSet<string>();
        var publications = new Dictionary<string, string>();
        var rows = new List<LotRow>();
        foreach (var notice in notices)
        {
            var publication = Publication(notice);
            var key = $"{notice.Source}_{notice.NoticeId}";
            if (publications.TryGetValue(publication, out var first) && first != key) continue;
            publications[publication] = key;
            foreach (var row in LotRow.FromNotice(notice))
            {
                if (seen.Add($"{row.NoticeKey}|{row.LotId}")) rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>A publication's identity across formats: TED numbers without leading zeros.</summary>
    public static string Publication(Notice notice)
    {
        var match = System.Text.RegularExpressions.Regex.Match(notice.NoticeId, @"^0*(\d+)-(\d{4})$");
        return match.Success ? $"{notice.Source}:{match.Groups[1].Value}-{match.Groups[2].Value}" : $"{notice.Source}:{notice.NoticeId}";
    }

    /// <summary>
    /// A stable split grouped by notice, procedure and buyer: lots of one notice, of one procedure
    /// (eForms BT-04) or of one buyer never sit on both sides, so the held-apart lots are lots of
    /// buyers the model has never seen. A group lands in the test share by a hash of its smallest
    /// notice key, whatever the order or the run.
    /// </summary>
    public static (List<LotRow> Train, List<LotRow> Test) SplitByNotice(IReadOnlyList<LotRow> rows, double testShare = 0.3)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        void Union(string a, string b)
        {
            parent.TryAdd(a, a);
            parent.TryAdd(b, b);
            var (ra, rb) = (Find(a), Find(b));
            if (ra == rb) return;
            // The smaller key is the root, so the group's name does not depend on the order.
            if (string.CompareOrdinal(ra, rb) < 0) parent[rb] = ra; else parent[ra] = rb;
        }
        foreach (var row in rows)
        {
            var notice = "n|" + row.NoticeKey;
            parent.TryAdd(notice, notice);
            if (row.BuyerKey.Length > 0) Union(notice, "b|" + row.BuyerKey);
            if (row.ProcedureKey.Length > 0) Union(notice, "p|" + row.ProcedureKey);
        }
        var smallestNotice = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var root = Find("n|" + row.NoticeKey);
            if (!smallestNotice.TryGetValue(root, out var current) || string.CompareOrdinal(row.NoticeKey, current) < 0) smallestNotice[root] = row.NoticeKey;
        }
        var train = new List<LotRow>();
        var test = new List<LotRow>();
        foreach (var row in rows)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(smallestNotice[Find("n|" + row.NoticeKey)]));
            var bucket = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
            (bucket < testShare ? test : train).Add(row);
        }
        return (train, test);
    }

    /// <summary>A hash of what the model learns from: the rows' features and labels.</summary>
    public static string Hash(IEnumerable<LotRow> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows.OrderBy(r => r.NoticeKey, StringComparer.Ordinal).ThenBy(r => r.LotId, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{row.NoticeKey}|{row.LotId}|{row.Text}|{row.Codes}|{string.Join(',', row.Numeric)}|{row.Social}|{row.Reserved}|{row.Green}|{row.Unknown}\n")));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Overrides or adds labels from an admin's CSV; returns the rows and the lines it could not use.</summary>
    public static (List<LotRow> Rows, List<string> Problems) ApplyAdminLabels(IReadOnlyList<LotRow> rows, TextReader csv)
    {
        var result = rows.ToList();
        var problems = new List<string>();
        var byKey = result.Select((r, i) => (r, i)).GroupBy(x => (Notice: x.r.NoticeKey[(x.r.NoticeKey.IndexOf('_') + 1)..], x.r.LotId)).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToList());
        using var lines = Csv.Read(csv).GetEnumerator();
        if (!lines.MoveNext()) return (result, ["empty labels file"]);
        var header = lines.Current.Fields.Select(h => h.Trim()).ToArray();
        int Col(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (Col("noticeId") < 0 || Col("lotId") < 0) return (result, ["labels file needs the columns noticeId and lotId"]);
        while (lines.MoveNext())
        {
            var (line, f) = lines.Current;
            string Get(string name) => Col(name) is var c and >= 0 && c < f.Length ? f[c].Trim() : "";
            bool? Flag(string name) => Get(name) switch { "1" or "true" or "oui" => true, "0" or "false" or "non" => false, "" => null, var other => throw new FormatException($"line {line}: {name} is '{other}', not 1, 0 or empty") };
            try
            {
                var (social, reserved, green) = (Flag(Labels.Social), Flag(Labels.Reserved), Flag(Labels.Green));
                if (byKey.TryGetValue((Get("noticeId"), Get("lotId")), out var indexes))
                {
                    foreach (var i in indexes)
                    {
                        var r = result[i];
                        if (social is { } so) r.Set(Labels.Social, so);
                        if (reserved is { } re) r.Set(Labels.Reserved, re);
                        if (green is { } gr) r.Set(Labels.Green, gr);
                    }
                    continue;
                }
                if (Get("title").Length == 0 && Get("description").Length == 0)
                {
                    problems.Add($"line {line}: lot {Get("noticeId")}/{Get("lotId")} is not among the notices and has no title or description");
                    continue;
                }
                var lot = new Lot(Get("lotId"), Get("title"), Get("description"), NullIfEmpty(Get("mainCpv")),
                    Get("additionalCpv").Split(' ', StringSplitOptions.RemoveEmptyEntries), Get("nuts").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    Get("department").Length > 0 ? [Get("department")] : [], NoticeValues.Amount(Get("estimatedValue")), "EUR", NoticeValues.Amount(Get("durationMonths")),
                    null, null, Markers.None);
                var notice = new Notice("admin", Get("noticeId"), Enum.TryParse<NoticeKind>(Get("noticeKind"), out var k) ? k : NoticeKind.ContractNotice, null,
                    new Buyer(null, null, NullIfEmpty(Get("buyerKind"))), lot.Title, null, "FR", [lot]);
                // A lot the admin adds knows only the labels the admin gave: an empty cell is unknown, not negative.
                var row = LotRow.From(notice, lot);
                row.Unknown = string.Join(' ', Labels.All.Where(l => l switch { Labels.Social => social is null, Labels.Reserved => reserved is null, _ => green is null }));
                if (social is { } addedSocial) row.Set(Labels.Social, addedSocial);
                if (reserved is { } addedReserved) row.Set(Labels.Reserved, addedReserved);
                if (green is { } addedGreen) row.Set(Labels.Green, addedGreen);
                result.Add(row);
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message);
            }
        }
        return (result, problems);
    }

    /// <summary>
    /// Applies buyers' answers from their digests: "interested" sets the label of the section the lot
    /// was shown in, "not relevant" clears it. Returns how many rows changed.
    /// </summary>
    public static int ApplyFeedback(IReadOnlyList<LotRow> rows, IEnumerable<Digests.FeedbackEntity> feedback)
    {
        var byKey = rows.GroupBy(r => (r.NoticeKey, r.LotId)).ToDictionary(g => g.Key, g => g.ToList());
        var changed = 0;
        foreach (var answer in feedback.OrderBy(f => f.At))
        {
            if (!byKey.TryGetValue(($"{answer.Source}_{answer.NoticeId}", answer.LotId), out var matching)) continue;
            var value = Digests.FeedbackVerdicts.Parse(answer.Verdict) == Digests.FeedbackVerdict.Interested;
            foreach (var row in matching)
            {
                var before = (row.Social, row.Reserved, row.Green, row.Unknown);
                if (Labels.All.Contains(answer.Label)) row.Set(answer.Label, value);
                if (before != (row.Social, row.Reserved, row.Green, row.Unknown)) changed++;
            }
        }
        return changed;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
