using ClausesSociales.CodeLists;

namespace ClausesSociales.Web;

/// <summary>The CPV divisions (two first digits) with their labels from the eForms CPV code list, for the lists people choose from.</summary>
public static class CpvDivisions
{
    public static IReadOnlyList<(string Code, string Label)> All(CodeLabels labels)
    {
        var divisions = new List<(string, string)>();
        for (var i = 3; i <= 98; i++)
        {
            var code = i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            if (labels.Label("cpv", code + "000000") is { } label) divisions.Add((code, label));
        }
        return divisions;
    }
}
