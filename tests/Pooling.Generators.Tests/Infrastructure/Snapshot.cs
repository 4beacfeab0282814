using System.Reflection;
using System.Runtime.CompilerServices;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot testing without Verify (not served here): the text is compared with the committed
/// <c>Snapshots/NAME.verified.cs</c>; on a mismatch <c>NAME.received.cs</c> is written beside it and the test fails with a
/// line diff. Set <c>POOLING_ACCEPT_SNAPSHOTS=1</c> to write the received text as the new verified snapshot.
/// </summary>
internal static class Snapshot
{
    /// <summary>The test project's folder (from an assembly attribute: CallerFilePath is /_/ under CI builds).</summary>
    public static readonly string ProjectDirectory =
        typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    private static readonly string Directory = Path.Combine(ProjectDirectory, "Snapshots");

    public static void Match(string actual, [CallerMemberName] string name = "")
    {
        string verifiedPath = Path.Combine(Directory, name + ".verified.cs");
        string receivedPath = Path.Combine(Directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("POOLING_ACCEPT_SNAPSHOTS") == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(verifiedPath, actual);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}; wrote {receivedPath}. Review it and rerun with POOLING_ACCEPT_SNAPSHOTS=1 to accept."
            : $"Snapshot {name} differs (wrote {receivedPath}):\n{Diff(verified, actual)}");
    }

    private static string Diff(string expected, string actual)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual);
        return string.Join("\n", diff.Lines
            .Where(l => l.Type != ChangeType.Unchanged)
            .Take(40)
            .Select(l => (l.Type == ChangeType.Inserted ? "+ " : "- ") + l.Text));
    }
}
