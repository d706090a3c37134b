using System.Reflection;
using HandlebarsDotNet;

namespace ClausesSociales.Digests;

/// <summary>Renders a digest as HTML (every value escaped) and as plain text, from the embedded Handlebars templates.</summary>
public sealed class DigestRenderer
{
    private readonly HandlebarsTemplate<object, object> _html;
    private readonly HandlebarsTemplate<object, object> _text;
    private readonly HandlebarsTemplate<object, object> _alertHtml;
    private readonly HandlebarsTemplate<object, object> _alertText;

    public DigestRenderer()
    {
        var html = Handlebars.Create();
        var text = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });
        foreach (var handlebars in new[] { html, text })
        {
            // {{count LotCount "lot" "lots"}}: "1 lot", "3 lots"; {{plural LotCount "pourrait" "pourraient"}}: the word alone.
            handlebars.RegisterHelper("count", (_, arguments) => Web.Plurals.Count(Number(arguments[0]), $"{arguments[1]}", $"{arguments[2]}"));
            handlebars.RegisterHelper("plural", (_, arguments) => Web.Plurals.Of(Number(arguments[0]), $"{arguments[1]}", $"{arguments[2]}"));
        }
        _html = html.Compile(Template("digest.html.hbs"));
        _text = text.Compile(Template("digest.txt.hbs"));
        _alertHtml = html.Compile(Template("alert.html.hbs"));
        _alertText = text.Compile(Template("alert.txt.hbs"));
    }

    public (string Html, string Text) Render(Digest digest) => (_html(digest), _text(digest));

    public (string Html, string Text) Render(Alert alert) => (_alertHtml(alert), _alertText(alert));

    private static long Number(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Template(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
