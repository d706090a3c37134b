using System.Diagnostics;
using ClausesSociales.Storage;
using MimeKit;

namespace ClausesSociales.Tests.Digests;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's aiosmtpd writing every message to a maildir.
/// The fixture installs python3-aiosmtpd when it is missing (see <see cref="DebianPackages"/>).
/// </summary>
public sealed class SmtpServerFixture : IDisposable
{
    private readonly Process _process;
    private readonly string _root;

    public SmtpServerFixture()
    {
        DebianPackages.Ensure("python3-aiosmtpd", () => DebianPackages.Succeeds("/usr/bin/python3", "-c", "import aiosmtpd"));
        _root = Directory.CreateTempSubdirectory("clauses-smtp-").FullName;
        // aiosmtpd's Mailbox handler lays out its maildir only in a folder that does not exist yet.
        Mailbox = Path.Combine(_root, "maildir");
        // Tests running side by side pick free ports too: a port another test's server took between
        // the pick and aiosmtpd's bind would listen without greeting, and a mailer would wait for the
        // greeting until its timeout. The server is ready when it says 220; else a new port is tried.
        for (var attempt = 1; ; attempt++)
        {
            Port = Loopback.FreePort();
            _process = Start(Port, Mailbox);
            if (WaitForGreeting(_process, Port)) return;
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"the SMTP test server did not start on 127.0.0.1:{Port} (install Debian's python3-aiosmtpd): {_process.StandardError.ReadToEnd()}");
            }
            _process.Dispose();
            if (Directory.Exists(Mailbox)) Directory.Delete(Mailbox, recursive: true);
        }
    }

    private static Process Start(int port, string mailbox)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", mailbox }) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    }

    /// <summary>Whether the server started greets on its port ("220 ...") within 20 s.</summary>
    private static bool WaitForGreeting(Process process, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (Greets(port)) return !process.HasExited;
            Thread.Sleep(100);
        }
        return false;
    }

    private static bool Greets(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            if (!client.ConnectAsync(System.Net.IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(1))) return false;
            client.ReceiveTimeout = 3000;
            using var reader = new StreamReader(client.GetStream());
            var greeting = reader.ReadLine();
            var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
            writer.Write("QUIT\r\n");
            return greeting?.StartsWith("220", StringComparison.Ordinal) == true;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or AggregateException)
        {
            return false;
        }
    }

    public int Port { get; private set; }

    public string Mailbox { get; }

    /// <summary>
    /// The messages received, in the order they arrived: by the counter Python's maildir writes in
    /// each file name ("{seconds}.M{microseconds}P{pid}Q{count}.{host}"), as the microseconds are not
    /// zero-padded and two messages of one second do not sort by name.
    /// </summary>
    public IReadOnlyList<MimeMessage> Messages() => Directory.Exists(Path.Combine(Mailbox, "new"))
        ? Directory.GetFiles(Path.Combine(Mailbox, "new")).OrderBy(Arrival).Select(f => MimeMessage.Load(f)).ToList()
        : [];

    private static long Arrival(string file)
    {
        var name = Path.GetFileName(file);
        var q = name.IndexOf('Q', StringComparison.Ordinal);
        var end = q < 0 ? -1 : name.IndexOf('.', q);
        return q >= 0 && end > q && long.TryParse(name.AsSpan(q + 1, end - q - 1), out var count)
            ? count
            : throw new InvalidOperationException($"not a maildir file name of Python's mailbox module: {name}");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
