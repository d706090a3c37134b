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
        Port = Loopback.FreePort();
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Mailbox }) info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Loopback.IsListeningAsync(Port).GetAwaiter().GetResult())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the SMTP test server did not start (install Debian's python3-aiosmtpd): {_process.StandardError.ReadToEnd()}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the SMTP test server did not listen on 127.0.0.1:{Port} within 20 s");
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

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
