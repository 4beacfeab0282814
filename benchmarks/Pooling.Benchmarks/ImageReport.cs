using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Reports;

namespace Pooling.Benchmarks;

/// <summary>
/// Turns one run of <see cref="ImageBenchmarks"/>, and Pillow's times measured right after it by
/// tools/bench/pillow_resize.py, into the image table of docs/benchmarks.md (between its "images" markers) and a chart
/// (docs/images/benchmarks-images.png).
/// </summary>
internal static class ImageReport
{
    private const string Begin = "<!-- images:begin (written by: dotnet run -c Release --project benchmarks/Pooling.Benchmarks -- images) -->";
    private const string End = "<!-- images:end -->";

    public static void Write(Summary summary, string repository)
    {
        var means = summary.Reports.Where(r => r.ResultStatistics is not null)
            .ToDictionary(r => (Case: r.BenchmarkCase.Parameters["Case"].ToString()!, Method: r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                r => r.ResultStatistics!.Mean / 1000.0);
        var pillow = PillowTimes(repository);
        var cases = means.Keys.Select(k => k.Case).Distinct().ToList();
        // BenchmarkDotNet ran each case in a process of its own: the peers' differences from Pillow are measured again here.
        foreach (string c in cases)
        {
            var run = new ImageBenchmarks { Case = Enum.Parse<ImageCase>(c) };
            run.Setup();
            run.Cleanup();
        }
        string width = Pooling.Kernels.Simd512<float>.IsAccelerated ? "512-bit (AVX-512)" : Pooling.Kernels.Simd256<float>.IsAccelerated ? "256-bit (AVX2)" : "128-bit";
        var lines = new List<string>
        {
            Begin,
            "",
            $"Run of {DateTime.UtcNow:yyyy-MM-dd}, {summary.HostEnvironmentInfo.Cpu.Value?.ProcessorName ?? "unknown CPU"}, widest vector path that ran: "
                + $"{width}; one thread, BenchmarkDotNet ShortRun; Pillow {pillow.GetValueOrDefault("version", "—")} timed by tools/bench/pillow_resize.py "
                + "right after (median of 25 calls). Interleaved RGB uint8 unless named; “Δ” is the peer's largest difference from Pillow's bytes "
                + "(which the generated kernel reproduces exactly); on the area row, from the generated area bytes (each 2×2 bin's exact mean, "
                + "half to even, docs/semantics.md §8.7), and Pillow's column is Image.reduce(2).",
            "",
            "| case | floor | generated | ÷ floor | fused → NCHW float | fused ÷ resize | OpenCV (Δ) | OpenCV LinearExact (Δ) | ImageSharp 2.1 (Δ) | SkiaSharp, RGBA (Δ) | Pillow | Pillow ÷ generated |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        var rows = new List<double[]>();
        foreach (string c in cases)
        {
            bool isFloat = c.StartsWith("Float", StringComparison.Ordinal);
            double Get(string method, bool applies = true) => applies && means.TryGetValue((c, method), out double v) ? v : double.NaN;
            string Peer(string method, string peer, bool applies = true)
            {
                double t = Get(method, applies && !isFloat);
                return double.IsNaN(t) ? "—" : $"{TimeChart.Us(t)} ({(ImageBenchmarks.Differences.TryGetValue((c, peer), out int d) ? d.ToString(CultureInfo.InvariantCulture) : "?")})";
            }
            bool bilinear = c.StartsWith("Bilinear", StringComparison.Ordinal);
            double floor = Get("Floor"), generated = Get("Generated");
            double fused = Get("Fused", bilinear && c.EndsWith("224x224", StringComparison.Ordinal));
            double pil = pillow.TryGetValue(c, out string? p) ? double.Parse(p, CultureInfo.InvariantCulture) : double.NaN;
            rows.Add(new[] { floor, generated, Get("OpenCv", !isFloat), Get("ImageSharp", !isFloat), Get("Skia", !isFloat), pil });
            lines.Add($"| {Describe(c)} | {TimeChart.Us(floor)} | {TimeChart.Us(generated)} | {generated / floor:0.0} | {TimeChart.Us(fused)} | "
                + $"{(double.IsNaN(fused) ? "—" : (fused / generated).ToString("0.00", CultureInfo.InvariantCulture))} | {Peer("OpenCv", "OpenCV")} | "
                + $"{Peer("OpenCvLinearExact", "OpenCV LinearExact", bilinear)} | {Peer("ImageSharp", "ImageSharp")} | {Peer("Skia", "SkiaSharp")} | "
                + $"{TimeChart.Us(pil)} | {(double.IsNaN(pil) ? "—" : (pil / generated).ToString("0.0", CultureInfo.InvariantCulture))} |");
        }
        lines.Add("");
        lines.Add("![each image case's time: floor, generated, OpenCV, ImageSharp, SkiaSharp, Pillow, on a log axis](images/benchmarks-images.png)");
        lines.Add("");
        lines.Add(End);

        string docs = Path.Combine(repository, "docs", "benchmarks.md");
        string text = File.ReadAllText(docs);
        int b = text.IndexOf(Begin, StringComparison.Ordinal), e = text.IndexOf(End, StringComparison.Ordinal);
        text = b >= 0 && e > b ? text[..b] + string.Join("\n", lines) + text[(e + End.Length)..] : text.TrimEnd() + "\n\n" + string.Join("\n", lines) + "\n";
        File.WriteAllText(docs, text);
        Chart(cases.Select(Describe).ToList(), rows, repository);
        Console.WriteLine($"wrote the image table of {docs} and its chart");
    }

    /// <summary>Redraws the chart from the table already in docs/benchmarks.md (no benchmark run).</summary>
    public static void RedrawChart(string repository)
    {
        string text = File.ReadAllText(Path.Combine(repository, "docs", "benchmarks.md"));
        int begin = text.IndexOf(Begin, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
        // A cell's time ("1,758 µs", "150 µs (22)"), NaN for "—".
        static double Time(string cell) => cell.StartsWith('—') ? double.NaN
            : double.Parse(cell[..cell.IndexOf(" µs", StringComparison.Ordinal)].Replace(",", ""), CultureInfo.InvariantCulture);
        var cells = text[begin..end].Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| case", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        Chart(cells.Select(c => c[1]).ToList(), cells.Select(c => new[] { Time(c[2]), Time(c[3]), Time(c[7]), Time(c[9]), Time(c[10]), Time(c[11]) }).ToList(), repository);
    }

    // Per case: floor, generated, OpenCV, ImageSharp, SkiaSharp, Pillow.
    private static void Chart(List<string> cases, List<double[]> rows, string repository) => TimeChart.Draw(cases, new[]
    {
        new TimeChart.Series("floor (read the input, write the output)", ScottPlot.Colors.Gray, rows.Select(r => r[0]).ToArray()),
        new TimeChart.Series("generated (Pillow's bytes)", ScottPlot.Colors.SteelBlue, rows.Select(r => r[1]).ToArray()),
        new TimeChart.Series("OpenCV (no antialias)", ScottPlot.Colors.SeaGreen, rows.Select(r => r[2]).ToArray()),
        new TimeChart.Series("ImageSharp 2.1", ScottPlot.Colors.Purple, rows.Select(r => r[3]).ToArray()),
        new TimeChart.Series("SkiaSharp (RGBA)", ScottPlot.Colors.Crimson, rows.Select(r => r[4]).ToArray()),
        new TimeChart.Series("Pillow 9.4", ScottPlot.Colors.Orange, rows.Select(r => r[5]).ToArray()),
    }, "uint8 image resizing, one thread: the floor, this project and its peers", Path.Combine(repository, "docs", "images", "benchmarks-images.png"),
        legendOutside: true);

    // Pillow's median times per case (and "version"), from the script run now; empty when python3 with Pillow is not there.
    private static Dictionary<string, string> PillowTimes(string repository)
    {
        var result = new Dictionary<string, string>();
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3", Path.Combine(repository, "tools", "bench", "pillow_resize.py")) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            string json = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
                result[property.Name == "pillow" ? "version" : property.Name] = property.Value.ValueKind == JsonValueKind.Number
                    ? property.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture) : property.Value.GetString() ?? "";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException)
        {
            Console.WriteLine($"// Pillow's times not measured: {e.Message}");
        }
        return result;
    }

    private static string Describe(string c) => System.Text.RegularExpressions.Regex.Replace(c.Replace('_', ' '), @"(\d)x(\d)", "$1×$2").Replace("Float", "float ").Replace("Box", "box").Replace("Area", "area").Replace("Bilinear", "bilinear").Replace("Bicubic", "bicubic");
}
