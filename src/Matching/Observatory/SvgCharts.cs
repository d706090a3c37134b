using System.Globalization;
using System.Net;
using System.Text;

namespace ClausesSociales.Observatory;

/// <summary>Charts drawn as inline SVG on the server: no script, no network, they print as they show.</summary>
public static class SvgCharts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string N(double value) => value.ToString("0.#", Inv);

    /// <summary>Horizontal bars, one per row, with the value at the end.</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, double Value, string Text)> rows, string color, int width = 680)
    {
        if (rows.Count == 0) return "<p class=\"empty\">Aucune donnée.</p>";
        const int rowHeight = 22, labelWidth = 310, textWidth = 60;
        var max = Math.Max(1e-9, rows.Max(r => r.Value));
        var height = rows.Count * rowHeight + 4;
        var sb = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * rowHeight + 2;
            var w = (width - labelWidth - textWidth) * rows[i].Value / max;
            var label = rows[i].Label.Length > 42 ? rows[i].Label[..41] + "…" : rows[i].Label;
            sb.Append($"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"12\">{E(label)}<title>{E(rows[i].Label)}</title></text>");
            sb.Append($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{N(Math.Max(w, 1))}\" height=\"{rowHeight - 6}\" fill=\"{color}\"/>");
            sb.Append($"<text x=\"{N(labelWidth + Math.Max(w, 1) + 4)}\" y=\"{y + 15}\" font-size=\"12\">{E(rows[i].Text)}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Vertical bars by month: all lots, and inside each bar the part with a declared social clause or reservation.</summary>
    public static string Months(IReadOnlyList<CountRow> months, int width = 680, int height = 200)
    {
        if (months.Count == 0) return "<p class=\"empty\">Aucun lot sur la période.</p>";
        const int left = 36, bottom = 36, top = 10;
        var max = Math.Max(1, months.Max(m => m.Lots));
        var step = (width - left - 10) / (double)months.Count;
        var barWidth = Math.Clamp(step * 0.7, 4, 40);
        var sb = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        var plot = height - bottom - top;
        sb.Append($"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - 5}\" y2=\"{top + plot}\" stroke=\"#555\"/>");
        sb.Append($"<text x=\"{left - 4}\" y=\"{top + 10}\" text-anchor=\"end\" font-size=\"11\">{max}</text><text x=\"{left - 4}\" y=\"{top + plot}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = left + i * step + (step - barWidth) / 2;
            var h = plot * m.Lots / (double)max;
            var hs = plot * Math.Max(m.Social, m.Reserved) / (double)max;
            sb.Append($"<rect x=\"{N(x)}\" y=\"{N(top + plot - h)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\" fill=\"#9db7d5\"><title>{E(m.Label)} : {Web.Plurals.Count(m.Lots, "lot", "lots")}</title></rect>");
            if (hs > 0) sb.Append($"<rect x=\"{N(x)}\" y=\"{N(top + plot - hs)}\" width=\"{N(barWidth)}\" height=\"{N(hs)}\" fill=\"#c0392b\"/>");
            if (months.Count <= 24 || i % 3 == 0)
            {
                sb.Append($"<text x=\"{N(x + barWidth / 2)}\" y=\"{top + plot + 14}\" text-anchor=\"middle\" font-size=\"10\">{E(m.Key is [_, _, _, _, '-', _, _] key ? $"{key[5..]}/{key[..4]}" : m.Key)}</text>");
            }
        }
        sb.Append($"<rect x=\"{left}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"#9db7d5\"/><text x=\"{left + 14}\" y=\"{height - 5}\" font-size=\"11\">lots publiés</text>");
        sb.Append($"<rect x=\"{left + 110}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"#c0392b\"/><text x=\"{left + 124}\" y=\"{height - 5}\" font-size=\"11\">dont clause sociale ou réservation déclarée</text>");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Grouped bars: for each scope, the shares of lots with a social clause, a reservation, an environmental clause.</summary>
    public static string Shares(IReadOnlyList<ShareRow> rows, int width = 680)
    {
        string[] colors = ["#c0392b", "#8e44ad", "#27ae60"];
        string[] names = ["clause sociale", "marché réservé", "clause environnementale"];
        const int groupHeight = 62, labelWidth = 250;
        var max = Math.Max(0.05, rows.SelectMany(r => new[] { r.Social ?? 0, r.Reserved ?? 0, r.Green ?? 0 }).Max());
        var height = rows.Count * groupHeight + 24;
        var sb = new StringBuilder($"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = i * groupHeight + 4;
            var label = rows[i].Label.Length > 40 ? rows[i].Label[..39] + "…" : rows[i].Label;
            sb.Append($"<text x=\"{labelWidth - 6}\" y=\"{y + 22}\" text-anchor=\"end\" font-size=\"12\">{E(label)}<title>{E(rows[i].Label)}</title></text>");
            sb.Append($"<text x=\"{labelWidth - 6}\" y=\"{y + 38}\" text-anchor=\"end\" font-size=\"10\" fill=\"#555\">{Web.Plurals.Count(rows[i].Lots, "lot", "lots")}</text>");
            double?[] values = [rows[i].Social, rows[i].Reserved, rows[i].Green];
            for (var k = 0; k < 3; k++)
            {
                var v = values[k] ?? 0;
                var w = (width - labelWidth - 60) * v / max;
                sb.Append($"<rect x=\"{labelWidth}\" y=\"{y + k * 18}\" width=\"{N(Math.Max(w, 1))}\" height=\"15\" fill=\"{colors[k]}\"/>");
                sb.Append($"<text x=\"{N(labelWidth + Math.Max(w, 1) + 4)}\" y=\"{y + k * 18 + 12}\" font-size=\"11\">{E(Percent(values[k]))}</text>");
            }
        }
        for (var k = 0; k < 3; k++)
        {
            sb.Append($"<rect x=\"{60 + k * 200}\" y=\"{height - 14}\" width=\"10\" height=\"10\" fill=\"{colors[k]}\"/><text x=\"{74 + k * 200}\" y=\"{height - 5}\" font-size=\"11\">{names[k]}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")) + "\u00A0%" : "—";
}
