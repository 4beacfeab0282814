using System.Diagnostics;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>Runs a child process to its end, so a crash or a hang there is reported by the test instead of ending or
/// stalling the test run.</summary>
internal static class ChildProcess
{
    /// <returns>The exit code and everything written to standard output, then standard error; null when it had to be
    /// killed after <paramref name="timeout"/> (with what it had written by then).</returns>
    public static async Task<(int? ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, await stdout);
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
