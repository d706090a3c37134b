using System.Net;
using System.Text.RegularExpressions;
using ClausesSociales.Cli;
using ClausesSociales.Storage;
using Microsoft.AspNetCore.Builder;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// `clauses host` started for the console's tests on a free port (timers out of the way), and a
/// browser-like HTTP client that keeps the anti-forgery cookie and reads a page's form token.
/// </summary>
internal sealed partial class AdminHost : IAsyncDisposable
{
    public const string Key = TestSite.Key;
    public const string RealNotice = "ted-rdf-mapping/test_data/sampling_2021/form_number_F02/014265-2021.xml";

    private AdminHost(WebApplication app, string baseUrl, int port)
    {
        App = app;
        BaseUrl = baseUrl;
        Port = port;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public WebApplication App { get; }
    public string BaseUrl { get; }
    public int Port { get; }
    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <param name="maxNoticeBytes">The parser's size limit (setting MaxNoticeBytes), when not the default.</param>
    /// <param name="address">The address to listen on: loopback, or every address for the refusal tests.</param>
    /// <param name="smtpPort">A local SMTP server's port, for the console's e-mails.</param>
    public static async Task<AdminHost> StartAsync(AzuriteFixture azurite, string folder, long? maxNoticeBytes = null, string address = "127.0.0.1", int? smtpPort = null)
    {
        var port = Loopback.FreePort();
        var values = new Dictionary<string, string?>();
        if (smtpPort is { } smtp)
        {
            values[nameof(ClausesSocialesOptions.SmtpHost)] = "127.0.0.1";
            values[nameof(ClausesSocialesOptions.SmtpPort)] = smtp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (maxNoticeBytes is { } max) values[nameof(ClausesSocialesOptions.MaxNoticeBytes)] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = TestSite.Build(azurite, folder, $"http://127.0.0.1:{port}", values, $"http://{address}:{port}");
        await app.StartAsync();
        return new AdminHost(app, $"http://127.0.0.1:{port}", port);
    }

    /// <summary>The anti-forgery field of the forms of a page (the client keeps the cookie it was made for).</summary>
    public async Task<string> TokenAsync(string path = "/admin")
    {
        var html = await Http.GetStringAsync(path);
        return TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no anti-forgery field on {path}");
    }

    public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StoredSample.StopAsync(App);
    }

    [GeneratedRegex("name=\"af\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
