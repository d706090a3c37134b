using System.Net;

namespace ClausesSociales.Digests;

/// <summary>The short French page a person sees after following a link of our e-mails (unsubscribe, feedback).</summary>
public static class ResponsePage
{
    /// <summary>The page for a link's outcome: the message, and the confirmation button when one is asked (it posts back to the same address).</summary>
    public static string Html(string title, Pipeline.LinkOutcome outcome) => Html(title, outcome.Message, outcome.ConfirmButton, outcome.Status);

    /// <summary>
    /// The site's page (its header, style and way back) with the message: a refusal as an alert, a
    /// question before its button as text, what was done as a confirmation.
    /// </summary>
    public static string Html(string title, string message, string? confirmButton = null, int status = 200)
    {
        var text = WebUtility.HtmlEncode(message);
        var body = status >= 400 ? $"<p class=\"empty\" role=\"alert\">{text}</p>"
            : confirmButton is null ? $"<p class=\"notice\" role=\"status\">{text}</p>"
            : $"<p>{text}</p><form method=\"post\"><button type=\"submit\">{WebUtility.HtmlEncode(confirmButton)}</button></form>";
        return Web.Html.Page(title, body + "<p><a href=\"/\">Voir les lots ouverts</a></p>");
    }
}
