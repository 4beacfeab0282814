using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pooling.Integration.Tests;

/// <summary>
/// What an editor shows, through a real language server: csharp-ls (a local dotnet tool, .config/dotnet-tools.json)
/// opens a consumer of the packed package over LSP with <c>csharp.analyzersEnabled</c>; POOL0005 must arrive on the
/// exact span of <c>Padding = 2</c>, and go away when an edit makes the padding valid.
/// </summary>
public class LanguageServerTests(PackedLibrary library) : IClassFixture<PackedLibrary>
{
    private const string Source = """
        using System;
        using Pooling;

        Console.WriteLine();

        internal static partial class Layers
        {
            [MaxPool(3, 2, Padding = 2)]
            public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int height, int width);
        }
        """;

    [Fact]
    public async Task POOL0005_arrives_on_the_padding_argument_and_leaves_after_the_fix()
    {
        string repository = PackedLibrary.Metadata("RepositoryRoot");
        var (restoreTools, toolOutput) = library.Dotnet(repository, "tool restore", ownPackages: false);
        Assert.True(restoreTools == 0, "dotnet tool restore failed:\n" + toolOutput);
        var (locals, localsOutput) = library.Dotnet(repository, "nuget locals global-packages --list", ownPackages: false);
        Assert.True(locals == 0, "dotnet nuget locals failed:\n" + localsOutput);
        string globalPackages = localsOutput.Trim().Substring(localsOutput.Trim().IndexOf(':') + 1).Trim();
        string folder = library.Consumer("LspConsumer", Source);
        var (restore, restoreOutput) = library.Dotnet(folder, "restore");
        Assert.True(restore == 0, "restore failed:\n" + restoreOutput);

        await using var server = LanguageServer.Start(repository, globalPackages, Path.Combine(library.Root, "packages"));
        string root = new Uri(folder + Path.DirectorySeparatorChar).AbsoluteUri;
        string file = new Uri(Path.Combine(folder, "Program.cs")).AbsoluteUri;
        var analyzers = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = root,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = "LspConsumer" }),
            ["initializationOptions"] = analyzers.DeepClone(),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false },
                    ["publishDiagnostics"] = new JsonObject(),
                },
            },
        });
        server.Notify("initialized", new JsonObject());
        server.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = analyzers.DeepClone() });
        server.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = file, ["languageId"] = "csharp", ["version"] = 1, ["text"] = Source },
        });

        // The span of "Padding = 2" in the source, as LSP positions (line, UTF-16 character).
        string[] lines = Source.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains("Padding = 2", StringComparison.Ordinal));
        int character = lines[line].IndexOf("Padding = 2", StringComparison.Ordinal);

        var reported = await server.WaitForDiagnosticsAsync(file, items => items.Any(IsPool0005), TimeSpan.FromMinutes(3));
        var diagnostic = reported.Single(IsPool0005)!;
        var range = diagnostic["range"]!;
        Assert.Equal(line, (int)range["start"]!["line"]!);
        Assert.Equal(character, (int)range["start"]!["character"]!);
        Assert.Equal(line, (int)range["end"]!["line"]!);
        Assert.Equal(character + "Padding = 2".Length, (int)range["end"]!["character"]!);
        Assert.Equal(1, (int)diagnostic["severity"]!);   // error

        server.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = file, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = Source.Replace("Padding = 2", "Padding = 1", StringComparison.Ordinal) }),
        });
        await server.WaitForDiagnosticsAsync(file, items => !items.Any(IsPool0005), TimeSpan.FromMinutes(2));
    }

    private static bool IsPool0005(JsonNode? diagnostic) => diagnostic?["code"]?.ToString() == "POOL0005";

    /// <summary>A language server over stdio: JSON-RPC messages framed by Content-Length headers.</summary>
    private sealed class LanguageServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Stream _input;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
        private readonly ConcurrentDictionary<string, JsonArray> _published = new();
        private readonly StringBuilder _log = new();
        private readonly Lock _writeLock = new();
        private int _nextId;

        private LanguageServer(Process process)
        {
            _process = process;
            _input = process.StandardInput.BaseStream;
            _ = Task.Run(ReadLoop);
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (_log) _log.AppendLine(line);
                }
            });
        }

        /// <summary>The restored csharp-ls from the global packages folder, run directly (not through `dotnet tool run`,
        /// whose resolver cache may remember an older restore's folder); <paramref name="packages"/> is where the
        /// consumer's packages were restored.</summary>
        public static LanguageServer Start(string repository, string globalPackages, string packages)
        {
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(repository, ".config", "dotnet-tools.json")))!;
            string version = manifest["tools"]!["csharp-ls"]!["version"]!.GetValue<string>();
            string tool = Path.Combine(globalPackages, "csharp-ls", version, "tools");
            string server = Directory.GetFiles(tool, "CSharpLanguageServer.dll", SearchOption.AllDirectories).Single();
            var start = new ProcessStartInfo("dotnet", $"\"{server}\"")
            {
                WorkingDirectory = repository,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["NUGET_PACKAGES"] = packages;   // where the consumer's packages were restored
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            return new LanguageServer(Process.Start(start)!);
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode parameters)
        {
            int id = Interlocked.Increment(ref _nextId);
            var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = completion;
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            try
            {
                return await completion.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException)
            {
                // Say why: the server's own words (it may have exited at once).
                string log;
                lock (_log) log = _log.ToString();
                throw new TimeoutException($"No answer to {method} in 2 minutes (server exited: {_process.HasExited}); its stderr:\n{log}");
            }
        }

        public void Notify(string method, JsonNode parameters) =>
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        /// <summary>Pulls diagnostics (and reads pushed ones) until <paramref name="done"/> holds for the file's items.</summary>
        public async Task<JsonArray> WaitForDiagnosticsAsync(string uri, Func<JsonArray, bool> done, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            JsonArray last = new();
            while (clock.Elapsed < timeout)
            {
                var pulled = await RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                if (pulled?["items"] is JsonArray items)
                {
                    last = items;
                    if (done(items)) return items;
                }
                if (_published.TryGetValue(uri, out var pushed) && done(pushed)) return pushed;
                await Task.Delay(1000);
            }
            string log;
            lock (_log) log = _log.ToString();
            throw new TimeoutException($"no matching diagnostics after {timeout}; last: {last.ToJsonString()}\nserver log:\n{log}");
        }

        private void Send(JsonNode message)
        {
            byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
            byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
            lock (_writeLock)
            {
                _input.Write(header);
                _input.Write(body);
                _input.Flush();
            }
        }

        private async Task ReadLoop()
        {
            var output = _process.StandardOutput.BaseStream;
            try
            {
                while (true)
                {
                    int length = 0;
                    string? headerLine;
                    while (!string.IsNullOrEmpty(headerLine = await ReadHeaderLineAsync(output)))
                    {
                        if (headerLine.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                            length = int.Parse(headerLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    if (headerLine is null) return;
                    byte[] body = new byte[length];
                    await output.ReadExactlyAsync(body);
                    Dispatch(JsonNode.Parse(body)!);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
            {
                foreach (var pending in _pending.Values) pending.TrySetException(e);
            }
        }

        private void Dispatch(JsonNode message)
        {
            string? method = message["method"]?.GetValue<string>();
            JsonNode? id = message["id"];
            if (method is null && id is not null)
            {
                // A response to one of our requests.
                if (_pending.TryRemove(id.GetValue<int>(), out var completion))
                {
                    if (message["error"] is { } error) completion.TrySetException(new InvalidOperationException(error.ToJsonString()));
                    else completion.TrySetResult(message["result"]);
                }
                return;
            }
            if (method == "textDocument/publishDiagnostics" && message["params"] is { } published)
            {
                _published[published["uri"]!.GetValue<string>()] = (JsonArray)published["diagnostics"]!.DeepClone();
                return;
            }
            if (id is null) return;   // other notifications: logs, progress
            // A request from the server: the settings it asks for, an empty answer to the rest.
            JsonNode? result = null;
            if (method == "workspace/configuration" && message["params"]?["items"] is JsonArray items)
            {
                result = new JsonArray(items.Select(item => item?["section"]?.GetValue<string>() is "csharp"
                    ? (JsonNode)new JsonObject { ["analyzersEnabled"] = true }
                    : new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } }).ToArray());
            }
            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
        }

        private static async Task<string?> ReadHeaderLineAsync(Stream stream)
        {
            var line = new StringBuilder();
            byte[] one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one) == 0) return null;
                if (one[0] == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)one[0]);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await RequestAsync("shutdown", new JsonObject()).WaitAsync(TimeSpan.FromSeconds(10));
                Notify("exit", new JsonObject());
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
            {
            }
            finally
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                _process.Dispose();
            }
        }
    }
}
