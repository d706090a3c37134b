using Microsoft.Playwright;

namespace ClausesSociales.Tests.Web.Browser;

/// <summary>
/// Debian's chromium driven by Playwright through its executable path: no browser is downloaded.
/// The package is installed with apt-get when missing (like Azurite from npm); Playwright's driver
/// runs on the node it bundles in the test output (`.playwright/node`), so nothing else is needed.
/// One Playwright driver serves the whole test run; each test launches and disposes its own browser.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IPlaywright>> Driver = new(Playwright.CreateAsync);

    /// <summary>A headless chromium; dispose it when done (`await using var browser = ...`).</summary>
    public static async Task<IBrowser> LaunchAsync()
    {
        DebianPackages.Ensure("chromium", () => DebianPackages.Succeeds(ExecutablePath, "--version"));
        var playwright = await Driver.Value;
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
    }
}
