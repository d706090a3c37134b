using System.Diagnostics;

namespace ClausesSociales.Tests;

/// <summary>
/// Installs the Debian packages the tests run for real (an SMTP server, a browser) when they are
/// missing, as the project installs Azurite from npm: a plain `dotnet test` on a fresh machine
/// needs nothing installed by hand. Fails loudly with the reason when it cannot install.
/// </summary>
public static class DebianPackages
{
    private static readonly Lock Gate = new();
    private static bool _updated;

    /// <summary>Makes sure <paramref name="isInstalled"/> holds, installing <paramref name="package"/> with apt-get otherwise.</summary>
    public static void Ensure(string package, Func<bool> isInstalled)
    {
        lock (Gate)
        {
            if (isInstalled()) return;
            if (!File.Exists("/usr/bin/apt-get"))
            {
                throw new InvalidOperationException($"the tests need Debian's {package} and this machine has no apt-get: install {package} by hand");
            }
            if (Environment.UserName != "root" && !CanSudo())
            {
                throw new InvalidOperationException($"the tests need Debian's {package}: run `sudo apt-get install -y {package}` (the tests install it themselves only as root)");
            }
            var errors = new List<string>();
            for (var attempt = 0; attempt < 3 && !isInstalled(); attempt++)
            {
                if (!_updated || attempt > 0)
                {
                    Run("apt-get", ["update", "-qq"], errors);
                    _updated = true;
                }
                Run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", package], errors);
                if (!isInstalled()) Thread.Sleep(TimeSpan.FromSeconds(5 * (attempt + 1))); // another apt may hold the lock
            }
            if (!isInstalled())
            {
                throw new InvalidOperationException($"could not install Debian's {package} for the tests: {string.Join(" | ", errors.TakeLast(3))}");
            }
        }
    }

    /// <summary>Whether a command exits 0.</summary>
    public static bool Succeeds(string file, params string[] arguments)
    {
        if (!File.Exists(file)) return false;
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static bool CanSudo() => Succeeds("/usr/bin/sudo", "-n", "true");

    private static void Run(string command, string[] arguments, List<string> errors)
    {
        var sudo = Environment.UserName != "root";
        var info = new ProcessStartInfo(sudo ? "/usr/bin/sudo" : command) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (sudo) { info.ArgumentList.Add("-n"); info.ArgumentList.Add(command); }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        stdout.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0) errors.Add($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Trim()}");
    }
}
