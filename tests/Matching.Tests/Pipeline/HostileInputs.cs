using System.Text;
using System.Text.Json.Nodes;

namespace ClausesSociales.Tests.Pipeline;

/// <summary>What a hostile input must become: stored notices (with defects) or a quarantined file with an Errors row.</summary>
public enum HostileExpectation
{
    Stored,
    Quarantined,
}

/// <summary>One input file of the hostile suite, made at run time from a real notice.</summary>
public sealed record HostileInput(string Path, HostileExpectation Expected, string What);

/// <summary>
/// Hostile variants of real notices (the sample feed and ../shared/data), written to a folder at
/// run time, next to good real notices: the suite every ingestion path must hold against.
/// Each run uses its own ids (<paramref name="tag"/>), so that suites sharing one storage never meet.
/// </summary>
public static class HostileInputs
{
    private static string Sample(string name) => System.IO.Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", name);

    private static string RealEforms => SharedData.Path("ted-rdf-conversion-pipeline", "tests", "test_data", "notice_transformer", "test_repository",
        "test_package4", "test_data", "cn_sample_2022_10", "2024-OJS015-043489.xml");

    private static string RealTed => SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "016699-2021.xml");

    public static IReadOnlyList<HostileInput> Write(string folder, string tag)
    {
        Directory.CreateDirectory(folder);
        var inputs = new List<HostileInput>();
        void Add(string name, byte[] content, HostileExpectation expected, string what)
        {
            var path = System.IO.Path.Combine(folder, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
            inputs.Add(new HostileInput(path, expected, what));
        }
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        // BOAMP: the sample record with its fields made hostile, under ids of this run.
        JsonObject Boamp(string idweb)
        {
            var record = JsonNode.Parse(File.ReadAllText(Sample("26-118805.json")))!.AsObject();
            record["idweb"] = idweb;
            return record;
        }
        var longUrl = Boamp($"{tag}-01");
        longUrl["url_avis"] = "https://x/" + new string('u', 1_048_576);
        Add("boamp-long-url.json", Utf8(longUrl.ToJsonString()), HostileExpectation.Stored, "1 MB url_avis");
        var longBuyer = Boamp($"{tag}-02");
        longBuyer["nomacheteur"] = new string('B', 1_048_576);
        Add("boamp-long-buyer.json", Utf8(longBuyer.ToJsonString()), HostileExpectation.Stored, "1 MB buyer name");
        var donneesArray = Boamp($"{tag}-03");
        donneesArray["donnees"] = new JsonArray(1, 2, 3);
        Add("boamp-donnees-array.json", Utf8(donneesArray.ToJsonString()), HostileExpectation.Stored, "donnees is an array");
        var donneesNumber = Boamp($"{tag}-04");
        donneesNumber["donnees"] = 42;
        Add("boamp-donnees-number.json", Utf8(donneesNumber.ToJsonString()), HostileExpectation.Stored, "donnees is a number");
        foreach (var (suffix, file) in new[] { ("99#12", "hash"), ("99?12", "question"), ("99/12", "slash"), ("99\\12", "backslash"), ("..", "dots"), ("99~12", "tilde") })
        {
            Add($"boamp-id-{file}.json", Utf8(Boamp($"{tag}-{suffix}").ToJsonString()), HostileExpectation.Stored, $"idweb with '{suffix}'");
        }
        var utf16 = Boamp($"{tag}-05").ToJsonString();
        Add("boamp-utf16.json", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(utf16)], HostileExpectation.Stored, "UTF-16 with BOM");
        Add("deep.json", Utf8(new string('[', 100_000) + new string(']', 100_000)), HostileExpectation.Quarantined, "JSON nested 100,000 deep");

        // eForms: the sample notice (4 lots) and a real published one, under ids of this run.
        string Eforms(string source, string id)
        {
            var xml = File.ReadAllText(source);
            xml = ReplaceElementText(xml, "efbc:NoticePublicationID", id);
            return xml;
        }
        var sample = Eforms(Sample("eforms-cn-2026-0001.xml"), $"{tag}-06");
        Add("eforms-duplicate-lot.xml", Utf8(DuplicateFirst(sample, "cac:ProcurementProjectLot")), HostileExpectation.Stored, "a lot id twice");
        Add("eforms-hostile-lot-id.xml", Utf8(Eforms(Sample("eforms-cn-2026-0001.xml"), $"{tag}-07").Replace(">LOT-0001<", ">LOT/../0001#?\\<")), HostileExpectation.Stored, "lot id with / .. # ? \\");
        var real = Eforms(RealEforms, $"{tag}-08");
        Add("eforms-long-buyer.xml", Utf8(ReplaceElementText(real, "cbc:Name", new string('N', 1_048_576))), HostileExpectation.Stored, "1 MB buyer name in XML");
        Add("eforms-5000-lots.xml", Utf8(ManyLots(Eforms(Sample("eforms-cn-2026-0001.xml"), $"{tag}-09"), 5_000)), HostileExpectation.Stored, "5,000 lots");
        Add("eforms-deep.xml", Utf8(Nest(Eforms(RealEforms, $"{tag}-10"), 100_000)), HostileExpectation.Quarantined, "100,000 nested elements");
        var ted = File.ReadAllText(RealTed).Replace("DOC_ID=\"016699-2021\"", $"DOC_ID=\"{tag}-11\"");
        Add("ted-utf16.xml", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ted)], HostileExpectation.Stored, "UTF-16 XML with BOM");
        Add("xxe-file.xml", Utf8(WithDoctype(ted, "<!DOCTYPE TED_EXPORT [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;")), HostileExpectation.Quarantined, "XXE to a file");
        Add("xxe-url.xml", Utf8(WithDoctype(ted, "<!DOCTYPE TED_EXPORT [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/\">]>", "&xxe;")), HostileExpectation.Quarantined, "XXE to a loopback URL");
        var laughs = "<!DOCTYPE TED_EXPORT [<!ENTITY a \"lol\">" + string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY {(char)('a' + i)} \"{string.Concat(Enumerable.Repeat($"&{(char)('a' + i - 1)};", 10))}\">")) + "]>";
        Add("billion-laughs.xml", Utf8(WithDoctype(ted, laughs, "&j;")), HostileExpectation.Quarantined, "billion laughs");
        Add("oversized.xml", [.. Utf8(ted), .. Enumerable.Repeat((byte)' ', 25 * 1024 * 1024)], HostileExpectation.Quarantined, "25 MB");
        var tedBytes = File.ReadAllBytes(RealTed);
        Add("truncated.xml", tedBytes[..(tedBytes.Length * 2 / 3)], HostileExpectation.Quarantined, "truncated XML");
        Add("binary.xml", File.ReadAllBytes(SharedData.Files("decp-json", "*.zip").First()), HostileExpectation.Quarantined, "a zip file");
        Add("empty.xml", [], HostileExpectation.Quarantined, "empty file");
        var title = ted.IndexOf("<TITLE><P>", StringComparison.Ordinal) + 10;
        Add("invalid-utf8.xml", [.. Utf8(ted[..title]), 0xC3, 0x28, .. Utf8(ted[title..])], HostileExpectation.Quarantined, "invalid UTF-8");
        // Two rejected files of the same name in two folders.
        Add(System.IO.Path.Combine("a", "dup.xml"), tedBytes[..(tedBytes.Length / 2)], HostileExpectation.Quarantined, "dup.xml in folder a");
        Add(System.IO.Path.Combine("b", "dup.xml"), tedBytes[..(tedBytes.Length / 3)], HostileExpectation.Quarantined, "dup.xml in folder b");

        // HTML: the sample page with a 200,000-digit duration.
        var html = File.ReadAllText(Sample("26-104233.html")).Replace("26-104233", $"{tag}-12");
        Add("html-long-duration.html", Utf8(html.Replace("<dd>48 mois</dd>", "<dd>" + new string('9', 200_000) + "</dd>")), HostileExpectation.Stored, "200,000-digit duration");

        // 50 good real notices.
        foreach (var file in SharedData.Files(System.IO.Path.Combine("ted-rdf-mapping", "test_data", "sampling_2021")).Take(40)
            .Concat(SharedData.Files(System.IO.Path.Combine("ted-rdf-conversion-pipeline", "tests", "test_data", "eforms_samples")).Take(10)))
        {
            Add(System.IO.Path.Combine("good", System.IO.Path.GetFileName(file)), File.ReadAllBytes(file), HostileExpectation.Stored, "real notice");
        }
        return inputs;
    }

    private static string ReplaceElementText(string xml, string element, string text)
    {
        var open = xml.IndexOf($"<{element}", StringComparison.Ordinal);
        var start = xml.IndexOf('>', open) + 1;
        var end = xml.IndexOf($"</{element}>", start, StringComparison.Ordinal);
        return string.Concat(xml.AsSpan(0, start), text, xml.AsSpan(end));
    }

    private static (int Start, int End) Element(string xml, string element, int from = 0)
    {
        var start = xml.IndexOf($"<{element}>", from, StringComparison.Ordinal);
        var end = xml.IndexOf($"</{element}>", start, StringComparison.Ordinal) + element.Length + 3;
        return (start, end);
    }

    private static string DuplicateFirst(string xml, string element)
    {
        var (start, end) = Element(xml, element);
        return xml.Insert(end, xml[start..end]);
    }

    private static string ManyLots(string xml, int count)
    {
        var (start, end) = Element(xml, "cac:ProcurementProjectLot");
        var lot = xml[start..end];
        var lots = new StringBuilder();
        for (var i = 1; i <= count; i++) lots.Append(lot.Replace(">LOT-0001<", $">LOT-{i:D4}<"));
        return string.Concat(xml.AsSpan(0, start), lots.ToString(), xml.AsSpan(end));
    }

    private static string Nest(string xml, int depth)
    {
        var at = xml.IndexOf("</cbc:Note>", StringComparison.Ordinal) is var i and >= 0 ? i : xml.IndexOf("</cbc:Description>", StringComparison.Ordinal);
        var (start, _) = Element(xml, "cac:ProcurementProjectLot");
        var insertAt = at >= 0 ? at : start;
        return xml.Insert(insertAt, string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth)));
    }

    private static string WithDoctype(string xml, string doctype, string entityUse)
    {
        var afterDeclaration = xml.IndexOf("?>", StringComparison.Ordinal) + 2;
        var title = xml.IndexOf("<TITLE><P>", StringComparison.Ordinal) + 10;
        return xml[..afterDeclaration] + doctype + xml[afterDeclaration..title] + entityUse + xml[title..];
    }
}
