using ClausesSociales.CodeLists;

namespace ClausesSociales.Classification;

/// <summary>Turns a feature's slot name into a reason a buyer can read ("CPV 9091 Services de nettoyage", "mot : espaces verts").</summary>
public static class FeatureReasons
{
    public static string? Describe(string slot, CodeLabels? labels)
    {
        var dot = slot.IndexOf('.');
        var column = dot > 0 ? slot[..dot] : "";
        var name = dot > 0 ? slot[(dot + 1)..] : slot;
        switch (column)
        {
            case "TextFeatures" when name.StartsWith("w.", StringComparison.Ordinal) || !name.Contains('|'):
                var words = (name.StartsWith("w.", StringComparison.Ordinal) ? name[2..] : name).Replace('|', ' ');
                return words.Length < 3 ? null : $"mot : {words}";
            case "TextFeatures":
                return null;
            case "CodeFeatures":
                return Code(name.StartsWith("w.", StringComparison.Ordinal) ? name[2..] : name, labels);
            case "NumericFeatures":
                return null;
            default:
                return null;
        }
    }

    private static string? Code(string token, CodeLabels? labels)
    {
        if (token.StartsWith("cpv", StringComparison.Ordinal))
        {
            var prefix = token[3..];
            var full = prefix.PadRight(8, '0');
            var label = labels?.Label("cpv", full);
            return label is null ? $"CPV {prefix}" : $"CPV {prefix} {label}";
        }
        if (token.StartsWith("pays", StringComparison.Ordinal)) return $"pays : {token[4..].ToUpperInvariant()}";
        if (token.StartsWith("dep", StringComparison.Ordinal)) return $"département : {token[3..].ToUpperInvariant()}";
        if (token.StartsWith("acheteur", StringComparison.Ordinal)) return $"type d'acheteur : {labels?.Label("buyer-legal-type", token[8..]) ?? token[8..]}";
        if (token.StartsWith("nature", StringComparison.Ordinal)) return $"nature : {token[6..]}";
        return null;
    }
}
