using System.Net;

namespace ClausesSociales.Digests;

/// <summary>The short French page a person sees after following a link of our e-mails (unsubscribe, feedback).</summary>
public static class ResponsePage
{
    /// <summary>The page for a link's outcome: the message, and the confirmation button when one is asked (it posts back to the same address).</summary>
    public static string Html(string title, Pipeline.LinkOutcome outcome) => Html(title, outcome.Message, outcome.ConfirmButton);

    public static string Html(string title, string message, string? confirmButton = null) => $"""
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>ClausesSociales – {WebUtility.HtmlEncode(title)}</title></head>
        <body style="margin:0;font-family:Arial,Helvetica,sans-serif;background:#f4f6f8;color:#1d2733;">
          <div style="max-width:560px;margin:40px auto;background:#fff;border-radius:6px;padding:24px;">
            <h1 style="font-size:20px;color:#1f4e79;margin:0 0 12px;">{WebUtility.HtmlEncode(title)}</h1>
            <p style="font-size:15px;line-height:1.5;margin:0;">{WebUtility.HtmlEncode(message)}</p>
            {(confirmButton is null ? "" : $"""<form method="post" style="margin:16px 0 0;"><button type="submit" style="background:#1f4e79;color:#fff;border:0;border-radius:4px;padding:10px 16px;font-size:15px;">{WebUtility.HtmlEncode(confirmButton)}</button></form>""")}
          </div>
        </body>
        </html>
        """;
}
