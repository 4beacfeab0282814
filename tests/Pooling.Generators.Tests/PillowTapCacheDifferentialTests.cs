using Pooling.Kernels;

namespace Pooling.Generators.Tests;

/// <summary>
/// The resampler keeps the taps of the last few axes on each thread, with the vector layouts made from them for a channel
/// count and width (PillowResampler.Coefficients.Cached). Calls that share extents but differ in channel count, filter or
/// scale, in an order that reuses and evicts entries, must give what the same call gives on a fresh thread, where
/// nothing is cached (those results are checked against Pillow by PillowDifferentialTests). The name puts it on the
/// engine axis: every vector width runs it.
/// </summary>
public class PillowTapCacheDifferentialTests
{
    [Fact]
    public void Reused_taps_give_what_fresh_ones_give()
    {
        var random = new Random(7);
        var calls = new List<(int C, int InH, int InW, int OutH, int OutW, PillowFilter Filter)>();
        // Consecutive calls on the same two shapes (four axes: the cache's size) with the channel count changing, then a
        // filter change, now and then a third shape that evicts one.
        foreach (var filter in new[] { PillowFilter.Bilinear, PillowFilter.Bicubic, PillowFilter.Box })
        foreach (int c in new[] { 3, 4, 1, 3, 2, 4, 5, 3 })
        {
            calls.Add((c, 40, 90, 17, 31, filter));     // the same extents every time: only channels and filter differ
            calls.Add((c, 34, 64, 17, 32, filter));     // halving the width with Box
            if (random.Next(3) == 0) calls.Add((c, random.Next(5, 60), random.Next(5, 90), random.Next(1, 40), random.Next(1, 60), filter));
        }
        var inputs = calls.Select(k => { var b = new byte[k.InH * k.InW * k.C]; random.NextBytes(b); return b; }).ToList();
        byte[] Run(int i)
        {
            var k = calls[i];
            var output = new byte[k.OutH * k.OutW * k.C];
            PillowResampler.Resample(inputs[i], output, 1, k.InH, k.InW, k.OutH, k.OutW, (double)k.InH / k.OutH, (double)k.InW / k.OutW, k.Filter, k.C);
            return output;
        }
        for (int i = 0; i < calls.Count; i++)
        {
            byte[] warm = Run(i), fresh = Array.Empty<byte>();
            var thread = new Thread(() => fresh = Run(i));
            thread.Start();
            thread.Join();
            Assert.True(warm.SequenceEqual(fresh), $"call {i} ({calls[i]}) differs from a fresh thread's");
        }
    }
}
