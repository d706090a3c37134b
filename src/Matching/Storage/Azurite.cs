using System.Diagnostics;
using System.Text;

namespace ClausesSociales.Storage;

/// <summary>
/// The Azurite storage emulator, installed from npm into the repository's <c>tools/</c> folder by
/// the project itself and started on 127.0.0.1. Tests start a private in-memory instance on free
/// ports; local runs use a persistent one on the default ports.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's published development account; a well-known emulator key, not a secret.</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;
    private readonly StringBuilder _output;

    private Azurite(Process? process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        ConnectionString = ConnectionStringFor(blobPort, queuePort, tablePort);
    }

    public string ConnectionString { get; }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// A private, in-memory instance on three distinct free ports, for tests and benchmarks. Another
    /// process may take a port between its choice and Azurite's start: then it starts again on others.
    /// </summary>
    public static async Task<Azurite> StartInMemoryAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = Loopback.FreePorts(3);
            try
            {
                return await StartAsync(ports[0], ports[1], ports[2], location: null, cancellationToken);
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>
    /// The local instance on the default ports (10000-10002), data kept in <paramref name="location"/>;
    /// when something already listens there it is taken to be Azurite and reused.
    /// </summary>
    public static async Task<Azurite> StartOrReuseLocalAsync(string location, CancellationToken cancellationToken = default)
    {
        if (await Loopback.IsListeningAsync(10000) && await Loopback.IsListeningAsync(10002)) return new Azurite(null, new StringBuilder(), 10000, 10001, 10002);
        return await StartAsync(10000, 10001, 10002, location, cancellationToken);
    }

    private static async Task<Azurite> StartAsync(int blobPort, int queuePort, int tablePort, string? location, CancellationToken cancellationToken)
    {
        var entry = await EnsureInstalledAsync(cancellationToken);
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            entry, "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            info.ArgumentList.Add(arg);
        }
        if (location is null)
        {
            // A private instance for tests and benchmarks: no access log (one line per request on
            // stdout cost Azurite a tenth of its CPU time under load, and this process reading it),
            // and the account always from the path, without looking at the host.
            info.ArgumentList.Add("--inMemoryPersistence");
            info.ArgumentList.Add("--silent");
            info.ArgumentList.Add("--disableProductStyleUrl");
        }
        else
        {
            Directory.CreateDirectory(location);
            info.ArgumentList.Add("--location");
            info.ArgumentList.Add(location);
        }

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node for Azurite");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await Loopback.IsListeningAsync(blobPort) && await Loopback.IsListeningAsync(queuePort) && await Loopback.IsListeningAsync(tablePort)))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on {blobPort}/{tablePort}:\n{output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{blobPort}/{tablePort} within 60 s:\n{output}");
            }
            await Task.Delay(100, cancellationToken);
        }
        return new Azurite(process, output, blobPort, queuePort, tablePort);
    }

    /// <summary>Installs Azurite from tools/package-lock.json with npm when it is not there yet; returns its entry script.</summary>
    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        var entry = Path.Combine("dist", "src", "azurite.js");
        // The install runs npm once for all of tools/, and never twice at once (ToolPackages holds the lock).
        return Path.Combine(await Task.Run(() => ToolPackages.Folder("azurite", entry), cancellationToken), entry);
    }

    /// <summary>The repository's tools/ folder, found upward from the working folder or the program's folder.</summary>
    public static string ToolsFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "tools", "package.json")) && File.Exists(Path.Combine(dir.FullName, "ClausesSociales.sln")))
                {
                    return Path.Combine(dir.FullName, "tools");
                }
            }
        }
        throw new InvalidOperationException("tools/package.json not found: run from inside the ClausesSociales repository");
    }

    /// <summary>The CPU time Azurite's process has used so far; null when it was started by another process (reused).</summary>
    public TimeSpan? ProcessorTime
    {
        get
        {
            if (_process is null || _process.HasExited) return null;
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Stops Azurite gently first (SIGTERM), so that a persistent instance writes its metadata to disk.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            if (!OperatingSystem.IsWindows())
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                term?.WaitForExit();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
