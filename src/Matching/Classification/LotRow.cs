using System.Text;
using ClausesSociales.Notices;
using Microsoft.ML.Data;

namespace ClausesSociales.Classification;

/// <summary>
/// What the classifier sees of a lot: what the lot IS (title, description, CPV hierarchy, value,
/// duration, place, buyer kind, notice kind), never the text that declares a clause. Labels are
/// the markers its buyer declared.
/// </summary>
public sealed class LotRow
{
    /// <summary>The notice the lot belongs to: evaluation splits never put one notice on both sides.</summary>
    public string NoticeKey { get; set; } = "";
    public string LotId { get; set; } = "";

    /// <summary>Title and description.</summary>
    public string Text { get; set; } = "";

    /// <summary>Coded facts as tokens: CPV at every level (cpv45, cpv452, cpv4521...), country, department, buyer kind, notice kind, nature.</summary>
    public string Codes { get; set; } = "";

    [VectorType(NumericCount)]
    public float[] Numeric { get; set; } = new float[NumericCount];

    public bool Social { get; set; }
    public bool Reserved { get; set; }
    public bool Green { get; set; }

    /// <summary>log10(1 + value in euros), known value, duration in months, known duration.</summary>
    public const int NumericCount = 4;

    public static LotRow From(Notice notice, Lot lot) => new()
    {
        NoticeKey = $"{notice.Source}_{notice.NoticeId}",
        LotId = lot.LotId,
        Text = NoticeValues.Clean(string.Join(" . ", new[] { lot.Title, lot.Description }.Where(t => !string.IsNullOrWhiteSpace(t)))) ?? "",
        Codes = CodeTokens(notice, lot),
        Numeric =
        [
            lot.EstimatedValue is { } v && v > 0 ? (float)Math.Log10(1 + (double)v) : 0f,
            lot.EstimatedValue is > 0 ? 1f : 0f,
            lot.DurationMonths is { } d ? (float)Math.Min((double)d, 240) : 0f,
            lot.DurationMonths is not null ? 1f : 0f,
        ],
        Social = lot.Markers.Social.Count > 0,
        Reserved = lot.Markers.Reserved.Count > 0,
        Green = lot.Markers.Green.Count > 0,
    };

    private static string CodeTokens(Notice notice, Lot lot)
    {
        var tokens = new StringBuilder();
        void Add(string prefix, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            tokens.Append(prefix).Append(new string(value.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray())).Append(' ');
        }
        var cpvs = lot.MainCpv is null ? lot.AdditionalCpv : [lot.MainCpv, .. lot.AdditionalCpv];
        foreach (var cpv in cpvs)
        {
            foreach (var length in (int[])[2, 3, 4, 5, 8]) Add("cpv", cpv[..Math.Min(length, cpv.Length)]);
        }
        foreach (var nuts in lot.Nuts) Add("pays", nuts.Length >= 2 ? nuts[..2] : nuts);
        Add("dep", lot.Department);
        Add("acheteur", notice.Buyer.Kind);
        Add("avis", notice.Kind.ToString());
        Add("nature", lot.Nature?.ToString());
        Add("langue", notice.Language);
        return tokens.ToString().TrimEnd();
    }

    public bool Label(string label) => label switch
    {
        Labels.Social => Social,
        Labels.Reserved => Reserved,
        Labels.Green => Green,
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    /// <summary>The same row with one label's value as the training label.</summary>
    internal LabelledRow For(string label) => new() { Text = Text, Codes = Codes, Numeric = Numeric, Label = Label(label), NoticeKey = NoticeKey };
}

/// <summary>The labels the classifier learns.</summary>
public static class Labels
{
    public const string Social = "social";
    public const string Reserved = "reserved";
    public const string Green = "green";

    public static readonly string[] All = [Social, Reserved, Green];
}

/// <summary>A row with one label, as ML.NET trains on it.</summary>
internal sealed class LabelledRow
{
    public string NoticeKey { get; set; } = "";
    public string Text { get; set; } = "";
    public string Codes { get; set; } = "";

    [VectorType(LotRow.NumericCount)]
    public float[] Numeric { get; set; } = new float[LotRow.NumericCount];

    public bool Label { get; set; }
}
