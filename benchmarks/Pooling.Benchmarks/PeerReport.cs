using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace Pooling.Benchmarks;

/// <summary>
/// Turns one run of <see cref="PeerBenchmarks"/> into the table of docs/benchmarks.md (between its "peers" markers)
/// and a chart (docs/images/benchmarks-floor.png): every case's times — floor, generated, ONNX Runtime on one thread,
/// OpenCV for resizing — on one logarithmic axis, all from the same run, with the CPU and the vector width that ran.
/// </summary>
internal static class PeerReport
{
    private const string Begin = "<!-- peers:begin (written by: dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- peers) -->";
    private const string End = "<!-- peers:end -->";
    private const string ParallelBegin = "<!-- parallel:begin (written by the same run) -->";
    private const string ParallelEnd = "<!-- parallel:end -->";

    public static void Write(Summary summary, string repository)
    {
        var means = Means(summary);
        var cases = means.Keys.Select(k => k.Case).Distinct().ToList();
        string width = Width();
        var lines = new List<string>
        {
            Begin,
            "",
            $"Run of {DateTime.UtcNow:yyyy-MM-dd}, {summary.HostEnvironmentInfo.Cpu.Value?.ProcessorName ?? "unknown CPU"}, "
                + $"{Environment.ProcessorCount} cores, widest vector path that ran: {width}; BenchmarkDotNet ShortRun, one thread unless named.",
            "",
            "| case | floor | generated | ONNX Runtime 1 thread | ONNX Runtime 2 threads | generated ÷ floor | ONNX Runtime (1) ÷ generated | OpenCV 1 thread | OpenCV ÷ generated |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        var times = new List<CaseTimes>();
        foreach (string c in cases)
        {
            double Get(string method) => means.TryGetValue((c, method), out double v) ? v : double.NaN;
            double floor = Get("Floor"), generated = Get("Generated"), onnx1 = Get("OnnxRuntime1"), onnx2 = Get("OnnxRuntime2");
            // OpenCV's Resize is the peer of the upsampling cases only (its benchmark does nothing for the others).
            double openCv = IsResize(c) ? Get("OpenCv") : double.NaN;
            times.Add(new CaseTimes(c, floor, generated, onnx1, openCv));
            lines.Add($"| {Describe(c)} | {Us(floor)} | {Us(generated)} | {Us(onnx1)} | {Us(onnx2)} | {generated / floor:0.00} | {onnx1 / generated:0.00} "
                + $"| {Us(openCv)} | {(double.IsNaN(openCv) ? "—" : (openCv / generated).ToString("0.00", CultureInfo.InvariantCulture))} |");
        }
        lines.Add("");
        lines.Add("![each case's time: floor, generated, ONNX Runtime, OpenCV, on a log axis](images/benchmarks-floor.png)");
        lines.Add("");
        lines.Add(End);

        // Two threads: the same run's Parallel = true kernels against the two-thread floor and ONNX Runtime with two threads.
        var allocated = summary.Reports.Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => (Case: r.BenchmarkCase.Parameters["Case"].ToString()!, Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                r => r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0);
        var parallel = new List<string>
        {
            ParallelBegin,
            "",
            "| case | floor, 2 threads | generated, 1 thread | generated, `Parallel = true` | ONNX Runtime 2 threads | Parallel ÷ 2-thread floor | 1 thread ÷ Parallel | ONNX Runtime (2) ÷ Parallel | allocated per call (Parallel) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (string c in cases)
        {
            double Get(string method) => means.TryGetValue((c, method), out double v) ? v : double.NaN;
            double floor2 = Get("Floor2"), serial = Get("Generated"), par = Get("Parallel"), onnx2 = Get("OnnxRuntime2");
            long bytes = allocated.TryGetValue((c, "Parallel"), out long b) ? b : -1;
            parallel.Add($"| {Describe(c)} | {Us(floor2)} | {Us(serial)} | {Us(par)} | {Us(onnx2)} | {par / floor2:0.00} | {serial / par:0.00} | {onnx2 / par:0.00} | {bytes:#,0} B |");
        }
        parallel.Add("");
        parallel.Add(ParallelEnd);

        string docs = Path.Combine(repository, "docs", "benchmarks.md");
        string text = File.ReadAllText(docs);
        text = Replace(text, Begin, End, string.Join("\n", lines));
        text = Replace(text, ParallelBegin, ParallelEnd, string.Join("\n", parallel));
        File.WriteAllText(docs, text);
        Chart(times, Path.Combine(repository, "docs", "images", "benchmarks-floor.png"));
        Console.WriteLine($"wrote {docs} and the chart");
    }

    private const string WidthsBegin = "<!-- widths:begin (written by: dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- widths) -->";
    private const string WidthsEnd = "<!-- widths:end -->";

    /// <summary>Floor, generated and ONNX Runtime (one thread) as three jobs: the widest vectors, AVX-512 off (256-bit),
    /// AVX2 off too (128-bit SSE4.1, the closest x86 proxy for ARM64's AdvSimd) — one after the other in one run.</summary>
    public static BenchmarkDotNet.Configs.IConfig WidthsConfig()
    {
        var job = BenchmarkDotNet.Jobs.Job.ShortRun;
        return BenchmarkDotNet.Configs.ManualConfig.Create(BenchmarkDotNet.Configs.DefaultConfig.Instance)
            .AddJob(job.WithId("512"))
            .AddJob(job.WithEnvironmentVariables(new BenchmarkDotNet.Jobs.EnvironmentVariable("DOTNET_EnableAVX512", "0")).WithId("256"))
            .AddJob(job.WithEnvironmentVariables(new BenchmarkDotNet.Jobs.EnvironmentVariable("DOTNET_EnableAVX512", "0"),
                new BenchmarkDotNet.Jobs.EnvironmentVariable("DOTNET_EnableAVX2", "0")).WithId("128"))
            .AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(b => b.Descriptor.WorkloadMethod.Name is "Floor" or "Generated" or "OnnxRuntime1"));
    }

    /// <summary>The three-width table of docs/benchmarks.md from one <see cref="WidthsConfig"/> run.</summary>
    public static void WriteWidths(Summary summary, string repository)
    {
        var means = summary.Reports.Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => (Case: r.BenchmarkCase.Parameters["Case"].ToString()!, Job: r.BenchmarkCase.Job.Id, Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                r => r.ResultStatistics!.Mean / 1000.0);
        var lines = new List<string>
        {
            WidthsBegin,
            "",
            $"Run of {DateTime.UtcNow:yyyy-MM-dd}, {summary.HostEnvironmentInfo.Cpu.Value?.ProcessorName ?? "unknown CPU"}; one thread, BenchmarkDotNet ShortRun; "
                + "each width a job of the same run (512: as the machine is; 256: `DOTNET_EnableAVX512=0`; 128: and `DOTNET_EnableAVX2=0`). "
                + "The floor reads and writes with the vectors that job has.",
            "",
            "| case | ÷ floor, 512 | ÷ floor, 256 | ÷ floor, 128 | generated 512 / 256 / 128 | ONNX Runtime ÷ generated, 512 / 256 / 128 |",
            "|---|---:|---:|---:|---:|---:|",
        };
        foreach (string c in means.Keys.Select(k => k.Case).Distinct())
        {
            double Get(string job, string method) => means.TryGetValue((c, job, method), out double v) ? v : double.NaN;
            string Ratio(string job) => (Get(job, "Generated") / Get(job, "Floor")).ToString("0.00", CultureInfo.InvariantCulture);
            string Onnx(string job) => (Get(job, "OnnxRuntime1") / Get(job, "Generated")).ToString("0.0", CultureInfo.InvariantCulture);
            lines.Add($"| {Describe(c)} | {Ratio("512")} | {Ratio("256")} | {Ratio("128")} | {Us(Get("512", "Generated"))} / {Us(Get("256", "Generated"))} / {Us(Get("128", "Generated"))} "
                + $"| {Onnx("512")} / {Onnx("256")} / {Onnx("128")} |");
        }
        lines.Add("");
        lines.Add(WidthsEnd);
        string docs = Path.Combine(repository, "docs", "benchmarks.md");
        File.WriteAllText(docs, Replace(File.ReadAllText(docs), WidthsBegin, WidthsEnd, string.Join("\n", lines)));
        Console.WriteLine($"wrote the three-width table of {docs}");
    }

    private const string ChannelsLastBegin = "<!-- nhwc:begin (written by: dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- nhwc) -->";
    private const string ChannelsLastEnd = "<!-- nhwc:end -->";

    /// <summary>The channels-last table of docs/benchmarks.md from one run of <see cref="NhwcBenchmarks"/>.</summary>
    public static void WriteChannelsLast(Summary summary, string repository)
    {
        var means = Means(summary);
        string width = Width();
        var lines = new List<string>
        {
            ChannelsLastBegin,
            "",
            $"Run of {DateTime.UtcNow:yyyy-MM-dd}, {summary.HostEnvironmentInfo.Cpu.Value?.ProcessorName ?? "unknown CPU"}, "
                + $"widest vector path that ran: {width}; one thread, float32, 64 channels (pixel shuffle 256), BenchmarkDotNet ShortRun.",
            "",
            "| case | NCHW | NHWC | NHWC ÷ NCHW |",
            "|---|---:|---:|---:|",
        };
        foreach (string c in means.Keys.Select(k => k.Case).Distinct())
        {
            double first = means.TryGetValue((c, "ChannelsFirst"), out double f) ? f : double.NaN;
            double last = means.TryGetValue((c, "ChannelsLast"), out double l) ? l : double.NaN;
            lines.Add($"| {c.Replace('_', ' ').Replace("X2", " ×2").Replace("K2S2", " k2 s2").Replace("P2", " p=2")} | {Us(first)} | {Us(last)} | {last / first:0.00} |");
        }
        lines.Add("");
        lines.Add(ChannelsLastEnd);
        string docs = Path.Combine(repository, "docs", "benchmarks.md");
        File.WriteAllText(docs, Replace(File.ReadAllText(docs), ChannelsLastBegin, ChannelsLastEnd, string.Join("\n", lines)));
        Console.WriteLine($"wrote the channels-last table of {docs}");
    }

    // Mean time in µs of every (case, method) that ran.
    private static Dictionary<(string Case, string Method), double> Means(Summary summary) => summary.Reports
        .Where(r => r.ResultStatistics is not null)
        .ToDictionary(r => (Case: r.BenchmarkCase.Parameters["Case"].ToString()!, Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
            r => r.ResultStatistics!.Mean / 1000.0);

    // The widest vector path the kernels took on this machine.
    private static string Width() =>
        Pooling.Kernels.Simd512<float>.IsAccelerated ? "512-bit (AVX-512)" : Pooling.Kernels.Simd256<float>.IsAccelerated ? "256-bit (AVX2)" : "128-bit";

    // The block between two markers replaced, or appended when the markers are not there yet.
    private static string Replace(string text, string begin, string end, string block)
    {
        int b = text.IndexOf(begin, StringComparison.Ordinal), e = text.IndexOf(end, StringComparison.Ordinal);
        return b >= 0 && e > b ? text[..b] + block + text[(e + end.Length)..] : text.TrimEnd() + "\n\n" + block + "\n";
    }

    /// <summary>Redraws the chart from the table already in docs/benchmarks.md (no benchmark run).</summary>
    public static void RedrawChart(string repository)
    {
        string text = File.ReadAllText(Path.Combine(repository, "docs", "benchmarks.md"));
        int begin = text.IndexOf(Begin, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
        static double Time(string cell) => cell == "—" ? double.NaN : double.Parse(cell.Replace(" µs", "").Replace(",", ""), CultureInfo.InvariantCulture);
        var times = text[begin..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| case", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Select(c => new CaseTimes(c[1], Time(c[2]), Time(c[3]), Time(c[4]), Time(c[8])))
            .ToList();
        Chart(times, Path.Combine(repository, "docs", "images", "benchmarks-floor.png"));
    }

    /// <summary>One case's mean times in µs (NaN: not measured).</summary>
    private sealed record CaseTimes(string Case, double Floor, double Generated, double OnnxRuntime, double OpenCv);

    private static bool IsResize(string c) => c.StartsWith("Nearest", StringComparison.Ordinal) || c.StartsWith("Bilinear", StringComparison.Ordinal)
        || c.StartsWith("Bicubic", StringComparison.Ordinal);

    private static string Describe(string c) => c.Replace("X2", " ×2").Replace("Nhwc", " NHWC").Replace('_', ' ').Replace("K2S2", " k2 s2").Replace("K3S2P1", " k3 s2 p1").Replace("P2", " p=2");

    private static string Us(double value) => TimeChart.Us(value);

    private static void Chart(List<CaseTimes> cases, string path) => TimeChart.Draw(cases.Select(c => Describe(c.Case)).ToList(), new[]
    {
        new TimeChart.Series("floor (read the input, write the output)", ScottPlot.Colors.Gray, cases.Select(c => c.Floor).ToArray()),
        new TimeChart.Series("generated", ScottPlot.Colors.SteelBlue, cases.Select(c => c.Generated).ToArray()),
        new TimeChart.Series("ONNX Runtime, 1 thread", ScottPlot.Colors.Orange, cases.Select(c => c.OnnxRuntime).ToArray()),
        new TimeChart.Series("OpenCV, 1 thread", ScottPlot.Colors.SeaGreen, cases.Select(c => c.OpenCv).ToArray()),
    }, "Pooling.Generators against the memory floor, ONNX Runtime and OpenCV (one thread)", path);
}
