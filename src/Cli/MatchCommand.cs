using System.CommandLine;
using System.Text.Json;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses match PATH... --structures FILE`: the structures able to answer each lot, from files alone.</summary>
internal static class MatchCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders", Arity = ArgumentArity.OneOrMore };
        var structures = new Option<string>("--structures") { Description = "structures CSV (SIAE export or generic layout)", Required = true };
        var top = new Option<int>("--top") { Description = "structures shown per lot", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "JSON Lines: {noticeId, lotId, potential, matches}" };
        var command = new Command("match", "Match the lots of notices with the ESS structures able to answer them") { paths, structures, top, json };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(structures)!, result.GetValue(top), result.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string[] paths, string structuresFile, int top, bool json, TextWriter output, TextWriter errors)
    {
        var settings = Settings.Load();
        var labels = CodeLabels.Load(settings.CodeListsPath);
        var import = StructuresCommand.Read(structuresFile);
        errors.WriteLine($"structures: {import.Structures.Count} accepted, {import.Rejected.Count} rejected");
        var matcher = new LotMatcher(new StructureIndex(import.Structures, FrenchGeography.Instance), labels);
        var parser = new NoticeParser(new ParserOptions { MaxNoticeBytes = settings.MaxNoticeBytes }, labels);
        var parsedFiles = 0;
        foreach (var file in InputFiles.Expand(paths, errors))
        {
            IReadOnlyList<Notice> notices;
            try
            {
                notices = parser.Parse(file, File.ReadAllBytes(file)).Notices;
                parsedFiles++;
            }
            catch (NoticeParseException ex)
            {
                errors.WriteLine(JsonSerializer.Serialize(new { file, error = ex.Reason, line = ex.Line, column = ex.Column }, LotRecord.Json));
                continue;
            }
            foreach (var notice in notices)
            {
                foreach (var lot in notice.Lots)
                {
                    var result = matcher.Match(notice.NoticeId, lot, null, top);
                    if (json) output.WriteLine(JsonSerializer.Serialize(ToJson(result), LotRecord.Json));
                    else Print(notice, lot, result, labels);
                }
            }
        }
        return parsedFiles > 0 ? 0 : 2;
    }

    public static object ToJson(LotMatches result) => new
    {
        noticeId = result.NoticeId,
        lotId = result.LotId,
        potential = new { recommendation = result.Potential.Recommendation, explanation = result.Potential.Explanation, nearby = result.Potential.Nearby, insertionNearby = result.Potential.InsertionNearby, shelteredNearby = result.Potential.ShelteredNearby },
        matches = result.Matches.Select(m => new
        {
            siret = m.Structure.Siret,
            name = m.Structure.Name,
            kind = m.Structure.Kind.ToString(),
            department = m.Structure.Department,
            distanceKm = m.DistanceKm,
            score = m.Score,
            reasons = m.Reasons,
        }),
    };

    private static void Print(Notice notice, Lot lot, LotMatches result, CodeLabels labels)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(notice.NoticeId)} / lot {Markup.Escape(lot.LotId)}[/] {Markup.Escape(lot.Title ?? "")} — {Markup.Escape(labels.Cpv(lot.MainCpv))}");
        AnsiConsole.MarkupLine($"  [blue]{Markup.Escape(result.Potential.Explanation)}[/]");
        var table = new Table().AddColumns("Score", "Structure", "Type", "Km", "Raisons");
        foreach (var m in result.Matches)
        {
            table.AddRow($"{m.Score:F2}", Markup.Escape(m.Structure.Name), m.Structure.Kind.ToString(), m.DistanceKm?.ToString("F0") ?? "-", Markup.Escape(string.Join("\n", m.Reasons)));
        }
        if (result.Matches.Count > 0) AnsiConsole.Write(table);
    }
}
