namespace ClausesSociales.Web;

/// <summary>What a page handler answers: the status and the whole HTML document. Both hosts send it with <see cref="SecurityHeaders"/>.</summary>
public sealed record WebPage(int Status, string Html)
{
    public const string ContentType = "text/html; charset=utf-8";
}
