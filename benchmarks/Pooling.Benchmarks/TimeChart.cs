using System;
using System.Collections.Generic;
using System.Linq;

namespace Pooling.Benchmarks;

/// <summary>The benchmark charts: horizontal bars, one group per case (top to bottom in table order), times on a log10
/// axis so 0.1 µs and 40 ms read on one chart; each bar labelled with its time.</summary>
internal static class TimeChart
{
    /// <summary>One bar per case (NaN: not measured, no bar).</summary>
    public sealed record Series(string Name, ScottPlot.Color Color, double[] Times);

    /// <param name="legendOutside">The legend beside the plot (many series), not in its upper right corner.</param>
    public static void Draw(IReadOnlyList<string> cases, IReadOnlyList<Series> series, string title, string path, bool legendOutside = false)
    {
        var plot = new ScottPlot.Plot();
        var all = series.SelectMany(s => s.Times).Where(t => t > 0 && !double.IsNaN(t)).ToList();
        // Bars start a decade below the fastest time, so the shortest bar still has a length.
        double low = Math.Floor(Math.Log10(all.Min())) - 1;
        int slots = series.Count + 1;   // a gap between groups
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<ScottPlot.Bar>();
            for (int i = 0; i < cases.Count; i++)
            {
                double time = series[s].Times[i];
                if (double.IsNaN(time) || time <= 0) continue;
                bars.Add(new ScottPlot.Bar
                {
                    // The first case at the top.
                    Position = (cases.Count - 1 - i) * slots + (series.Count - 1 - s),
                    // Measured from the axis start, so every value is positive (ScottPlot puts a negative bar's label inside it).
                    Value = Math.Log10(time) - low,
                    FillColor = series[s].Color,
                    Label = Us(time),
                });
            }
            var plotted = plot.Add.Bars(bars);
            plotted.Horizontal = true;
            plotted.LegendText = series[s].Name;
        }
        double high = Math.Ceiling(Math.Log10(all.Max()) + 0.6);
        var decades = Enumerable.Range((int)low, (int)(high - low) + 1).Select(d => (double)d).ToArray();
        static string Decade(double d) => d switch { < 0 => $"{Math.Pow(10, d):0.##} µs", < 3 => $"{Math.Pow(10, d):0} µs", < 6 => $"{Math.Pow(10, d - 3):0} ms", _ => $"{Math.Pow(10, d - 6):0} s" };
        plot.Axes.Bottom.SetTicks(decades.Select(d => d - low).ToArray(), decades.Select(Decade).ToArray());
        plot.Axes.Bottom.Label.Text = "time per call, log scale (shorter is faster)";
        plot.Axes.Left.SetTicks(Enumerable.Range(0, cases.Count).Select(i => (cases.Count - 1 - i) * slots + (series.Count - 1) / 2.0).ToArray(), cases.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(0, high - low);
        plot.Axes.SetLimitsY(-1, cases.Count * slots - 1);
        if (legendOutside) plot.ShowLegend(ScottPlot.Edge.Right);
        else plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.Title(title);
        plot.SavePng(path, legendOutside ? 1500 : 1200, 60 + cases.Count * 15 * slots);
    }

    public static string Us(double value) => double.IsNaN(value) ? "—" : value.ToString(value < 100 ? "0.0" : "#,0", System.Globalization.CultureInfo.InvariantCulture) + " µs";
}
