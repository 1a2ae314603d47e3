using System.Diagnostics;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>
/// The served document passes Redocly's OpenAPI linter (the rules of <c>redocly.yaml</c>; errors fail, warnings are
/// listed). The linter is the copy <c>test.sh</c> installs under <c>.tools/redocly</c> (or <c>WORKBENCH_REDOCLY</c>);
/// it runs offline: telemetry and the update check are off.
/// </summary>
public sealed class OpenApiLintTests
{
    public const string Version = "2.77.0";

    [Fact]
    public async Task Document_LintedByRedocly_HasNoErrors()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new WorkbenchAppFactory();
        using var directory = new TempDirectory();
        var document = Path.Combine(directory.Path, "openapi.json");
        await File.WriteAllTextAsync(document, await app.CreateClient().GetStringAsync("/openapi/v1.json", cancellationToken), cancellationToken);

        var (exitCode, output) = await RunAsync(document, cancellationToken);

        Assert.True(exitCode == 0, $"redocly lint exited {exitCode}:{Environment.NewLine}{output}");
        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string document, CancellationToken cancellationToken)
    {
        var installed = Environment.GetEnvironmentVariable("WORKBENCH_REDOCLY")
                        ?? Path.Combine(RepositoryPaths.Root, ".tools", "redocly", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(installed), $"@redocly/cli {Version} was not found at {installed}. Run ./test.sh (it installs it there) or set WORKBENCH_REDOCLY to its cli.js.");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { installed, "lint", document, "--config", Path.Combine(RepositoryPaths.Root, "redocly.yaml"), "--format", "stylish" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
