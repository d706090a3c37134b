using System.CommandLine;
using System.Text.Json;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;

namespace ClausesSociales.Cli;

/// <summary>`clauses parse PATH...`: one JSON object per lot on stdout, one per rejected file on stderr.</summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Parse notices (eForms, TED R2, BOAMP JSON/XML, HTML) and print one JSON line per lot") { paths };
        command.SetAction(result => Run(result.GetValue(paths)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string[] paths, TextWriter output, TextWriter errors)
    {
        var settings = Settings.Load();
        var labels = CodeLabels.Load(settings.CodeListsPath);
        if (labels.Warning is not null) errors.WriteLine(JsonSerializer.Serialize(new { warning = labels.Warning }, LotRecord.Json));
        var parser = new NoticeParser(new ParserOptions { MaxNoticeBytes = settings.MaxNoticeBytes }, labels);
        var files = InputFiles.Expand(paths, errors);
        var parsed = new List<(string File, Notice Notice)>();
        var parsedFiles = 0;
        foreach (var file in files)
        {
            try
            {
                var result = parser.Parse(file, File.ReadAllBytes(file));
                parsed.AddRange(result.Notices.Select(n => (file, n)));
                parsedFiles++;
            }
            catch (NoticeParseException ex)
            {
                errors.WriteLine(JsonSerializer.Serialize(new { file, error = ex.Reason, line = ex.Line, column = ex.Column }, LotRecord.Json));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine(JsonSerializer.Serialize(new { file, error = $"cannot read the file: {ex.Message}" }, LotRecord.Json));
            }
        }

        // Change notices are checked against the notices they change when those are parsed in the same run.
        var byId = parsed.GroupBy(p => p.Notice.NoticeId).ToDictionary(g => g.Key, g => g.First().Notice);
        foreach (var (file, notice) in parsed)
        {
            var defects = notice.Defects.ToList();
            if (ChangeNotices.ParentId(notice) is { } parentId && byId.TryGetValue(parentId, out var parent))
            {
                defects.AddRange(ChangeNotices.Check(notice, parent.ContractFolderId, parent.Buyer.Kind));
            }
            foreach (var line in LotRecord.From(notice, labels)) output.WriteLine(JsonSerializer.Serialize(line, LotRecord.Json));
            foreach (var defect in defects)
            {
                errors.WriteLine(JsonSerializer.Serialize(new { file, noticeId = notice.NoticeId, defect }, LotRecord.Json));
            }
        }
        return parsedFiles > 0 ? 0 : 2;
    }
}
