using System.Diagnostics;

namespace ClausesSociales.Storage;

/// <summary>
/// npm packages the project installs itself into <c>tools/</c> (from tools/package-lock.json), like
/// Azurite: a fresh clone gets them on first use.
/// </summary>
public static class ToolPackages
{
    private static readonly Lock Gate = new();

    /// <summary>The folder of an installed package, installing tools/ with npm when <paramref name="probe"/> is missing.</summary>
    public static string Folder(string package, string probe)
    {
        var tools = Azurite.ToolsFolder();
        var folder = Path.Combine(tools, "node_modules", package);
        if (File.Exists(Path.Combine(folder, probe))) return folder;
        lock (Gate)
        {
            if (File.Exists(Path.Combine(folder, probe))) return folder;
            var info = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tools };
            foreach (var arg in new[] { File.Exists(Path.Combine(tools, "package-lock.json")) ? "ci" : "install", "--no-audit", "--no-fund" }) info.ArgumentList.Add(arg);
            Process npm;
            try
            {
                npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"{package} is installed with npm, but npm is not on the PATH: install Node.js 20 or later", ex);
            }
            var stdout = npm.StandardOutput.ReadToEndAsync();
            var stderr = npm.StandardError.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0 || !File.Exists(Path.Combine(folder, probe)))
            {
                throw new InvalidOperationException($"installing {package} with npm in {tools} failed (exit {npm.ExitCode}):\n{stdout.Result}\n{stderr}");
            }
            return folder;
        }
    }
}
