using System.Reflection;
using HandlebarsDotNet;

namespace ClausesSociales.Digests;

/// <summary>Renders a digest as HTML (every value escaped) and as plain text, from the embedded Handlebars templates.</summary>
public sealed class DigestRenderer
{
    private readonly HandlebarsTemplate<object, object> _html;
    private readonly HandlebarsTemplate<object, object> _text;

    public DigestRenderer()
    {
        _html = Handlebars.Create().Compile(Template("digest.html.hbs"));
        _text = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true }).Compile(Template("digest.txt.hbs"));
    }

    public (string Html, string Text) Render(Digest digest) => (_html(digest), _text(digest));

    private static string Template(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
