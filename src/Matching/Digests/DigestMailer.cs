using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ClausesSociales.Digests;

/// <summary>SMTP delivery with MailKit: HTML and plain text parts, List-Unsubscribe and List-Unsubscribe-Post (one-click) headers.</summary>
public sealed class DigestMailer(string host, int port, string from, string? user = null, string? password = null)
{
    /// <param name="unsubscribeUrl">The subscription's unsubscribe link; null for a one-off message to an address that subscribes to nothing (no List-Unsubscribe header).</param>
    public async Task SendAsync(string toName, string toAddress, string subject, string html, string text, string? unsubscribeUrl, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(toName, toAddress));
        message.Subject = subject;
        if (unsubscribeUrl is not null)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
            // RFC 8058: mail clients unsubscribe with a POST to the link, which the endpoint accepts.
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(host, port, port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (user is not null) await client.AuthenticateAsync(user, password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
