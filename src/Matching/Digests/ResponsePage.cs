using System.Net;

namespace ClausesSociales.Digests;

/// <summary>The short French page a person sees after following a link of our e-mails (unsubscribe, feedback).</summary>
public static class ResponsePage
{
    /// <summary>The page for a link's outcome: the message, and the confirmation button when one is asked (it posts back to the same address).</summary>
    public static string Html(string title, Pipeline.LinkOutcome outcome) => Html(title, outcome.Message, outcome.ConfirmButton);

    /// <summary>The site's page (its header, style and way back), the message, and the button.</summary>
    public static string Html(string title, string message, string? confirmButton = null) => Web.Html.Page(title,
        $"<p class=\"notice\" role=\"status\">{WebUtility.HtmlEncode(message)}</p>"
        + (confirmButton is null ? "" : $"<form method=\"post\"><button type=\"submit\">{WebUtility.HtmlEncode(confirmButton)}</button></form>")
        + "<p><a href=\"/\">Voir les lots ouverts</a></p>");
}
