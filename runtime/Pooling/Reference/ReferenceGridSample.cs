using System;
using System.Numerics;

namespace Pooling.Reference;

/// <summary>
/// GridSample written from docs/semantics.md §11 output by output (PyTorch's scalar grid_sample loop), as the test oracle:
/// unnormalise the point, pad it (border, reflection) except for bicubic, whose taps are padded one by one; bilinear sums
/// the in-image corners times their weights (nw, ne, sw, se), nearest reads the pixel at the rounded (half-to-even)
/// position, bicubic blends four rows along x and then along y. A position that is not finite gives NaN.
/// </summary>
public static class ReferenceGridSample
{
    /// <summary>Images [N, C, H, W] sampled at grid [N, points, 2] into [N, C, points].</summary>
    public static void GridSample<T>(ReadOnlySpan<T> input, int channels, int height, int width, ReadOnlySpan<T> grid, GridSampleMode mode,
        GridPadding padding, bool alignCorners, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int image = channels * height * width, images = input.Length / image, points = grid.Length / 2 / images;
        T one = T.One, two = one + one;
        for (int n = 0; n < images; n++)
        for (int p = 0; p < points; p++)
        {
            T gx = grid[(n * points + p) * 2], gy = grid[(n * points + p) * 2 + 1];
            T ix = alignCorners ? (gx + one) / two * T.CreateTruncating(width - 1) : ((gx + one) * T.CreateTruncating(width) - one) / two;
            T iy = alignCorners ? (gy + one) / two * T.CreateTruncating(height - 1) : ((gy + one) * T.CreateTruncating(height) - one) / two;
            if (mode != GridSampleMode.Bicubic)
            {
                ix = Pad(ix, width, padding, alignCorners);
                iy = Pad(iy, height, padding, alignCorners);
            }
            for (int c = 0; c < channels; c++)
            {
                var plane = input.Slice(n * image + c * height * width, height * width);
                T value;
                if (!T.IsFinite(ix) || !T.IsFinite(iy))
                {
                    value = T.NaN;
                }
                else if (mode == GridSampleMode.Nearest)
                {
                    value = At(plane, height, width, T.Round(iy, MidpointRounding.ToEven), T.Round(ix, MidpointRounding.ToEven));
                }
                else if (mode == GridSampleMode.Bilinear)
                {
                    // Only the corners inside the image are added (zeros padding leaves the others out).
                    T x0 = T.Floor(ix), y0 = T.Floor(iy), x1 = x0 + one, y1 = y0 + one;
                    value = T.Zero;
                    if (Inside(height, width, y0, x0)) value += At(plane, height, width, y0, x0) * ((x1 - ix) * (y1 - iy));
                    if (Inside(height, width, y0, x1)) value += At(plane, height, width, y0, x1) * ((ix - x0) * (y1 - iy));
                    if (Inside(height, width, y1, x0)) value += At(plane, height, width, y1, x0) * ((x1 - ix) * (iy - y0));
                    if (Inside(height, width, y1, x1)) value += At(plane, height, width, y1, x1) * ((ix - x0) * (iy - y0));
                }
                else
                {
                    T x0 = T.Floor(ix), y0 = T.Floor(iy);
                    var rows = new T[4];
                    var taps = new T[4];
                    for (int r = 0; r < 4; r++)
                    {
                        T y = T.Truncate(Pad(y0 - one + T.CreateTruncating(r), height, padding, alignCorners));
                        for (int t = 0; t < 4; t++) taps[t] = At(plane, height, width, y, T.Truncate(Pad(x0 - one + T.CreateTruncating(t), width, padding, alignCorners)));
                        rows[r] = Cubic(taps[0], taps[1], taps[2], taps[3], ix - x0);
                    }
                    value = Cubic(rows[0], rows[1], rows[2], rows[3], iy - y0);
                }
                output[(n * channels + c) * points + p] = value;
            }
        }
    }

    /// <summary>Volumes [N, C, D, H, W] sampled at grid [N, points, 3] into [N, C, points] (trilinear or nearest).</summary>
    public static void GridSample3D<T>(ReadOnlySpan<T> input, int channels, int depth, int height, int width, ReadOnlySpan<T> grid, GridSampleMode mode,
        GridPadding padding, bool alignCorners, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int volume = channels * depth * height * width, cube = depth * height * width, volumes = input.Length / volume, points = grid.Length / 3 / volumes;
        T one = T.One, two = one + one;
        T Unnormalize(T g, int size) => alignCorners ? (g + one) / two * T.CreateTruncating(size - 1) : ((g + one) * T.CreateTruncating(size) - one) / two;
        for (int n = 0; n < volumes; n++)
        for (int p = 0; p < points; p++)
        {
            int g = (n * points + p) * 3;
            T ix = Pad(Unnormalize(grid[g], width), width, padding, alignCorners);
            T iy = Pad(Unnormalize(grid[g + 1], height), height, padding, alignCorners);
            T iz = Pad(Unnormalize(grid[g + 2], depth), depth, padding, alignCorners);
            for (int c = 0; c < channels; c++)
            {
                var box = input.Slice(n * volume + c * cube, cube);
                T value;
                if (!T.IsFinite(ix) || !T.IsFinite(iy) || !T.IsFinite(iz))
                {
                    value = T.NaN;
                }
                else if (mode == GridSampleMode.Nearest)
                {
                    T z = T.Round(iz, MidpointRounding.ToEven), y = T.Round(iy, MidpointRounding.ToEven), x = T.Round(ix, MidpointRounding.ToEven);
                    value = z >= T.Zero && z < T.CreateTruncating(depth) && Inside(height, width, y, x)
                        ? box[int.CreateTruncating(z) * height * width + int.CreateTruncating(y) * width + int.CreateTruncating(x)] : T.Zero;
                }
                else
                {
                    T x0 = T.Floor(ix), y0 = T.Floor(iy), z0 = T.Floor(iz), x1 = x0 + one, y1 = y0 + one, z1 = z0 + one;
                    value = T.Zero;
                    foreach (var (z, y, x, w) in new[]
                    {
                        (z0, y0, x0, (x1 - ix) * (y1 - iy) * (z1 - iz)), (z0, y0, x1, (ix - x0) * (y1 - iy) * (z1 - iz)),
                        (z0, y1, x0, (x1 - ix) * (iy - y0) * (z1 - iz)), (z0, y1, x1, (ix - x0) * (iy - y0) * (z1 - iz)),
                        (z1, y0, x0, (x1 - ix) * (y1 - iy) * (iz - z0)), (z1, y0, x1, (ix - x0) * (y1 - iy) * (iz - z0)),
                        (z1, y1, x0, (x1 - ix) * (iy - y0) * (iz - z0)), (z1, y1, x1, (ix - x0) * (iy - y0) * (iz - z0)),
                    })
                    {
                        if (z >= T.Zero && z < T.CreateTruncating(depth) && Inside(height, width, y, x))
                            value += box[int.CreateTruncating(z) * height * width + int.CreateTruncating(y) * width + int.CreateTruncating(x)] * w;
                    }
                }
                output[(n * channels + c) * points + p] = value;
            }
        }
    }

    private static bool Inside<T>(int height, int width, T y, T x) where T : IFloatingPointIeee754<T> =>
        y >= T.Zero && x >= T.Zero && y < T.CreateTruncating(height) && x < T.CreateTruncating(width);

    // The pixel at whole-valued (y, x), 0 outside the image.
    private static T At<T>(ReadOnlySpan<T> plane, int height, int width, T y, T x) where T : IFloatingPointIeee754<T> =>
        Inside(height, width, y, x) ? plane[int.CreateTruncating(y) * width + int.CreateTruncating(x)] : T.Zero;

    private static T Pad<T>(T coordinate, int size, GridPadding padding, bool alignCorners) where T : IFloatingPointIeee754<T>
    {
        if (padding == GridPadding.Zeros) return coordinate;
        if (padding == GridPadding.Reflection)
        {
            // Reflected at −0.5 and size − 0.5 (or 0 and size − 1 with align_corners).
            T two = T.One + T.One;
            T low = alignCorners ? T.Zero : -T.One / two, span = alignCorners ? T.CreateTruncating(size - 1) : T.CreateTruncating(size);
            if (span == T.Zero)
            {
                coordinate = T.Zero;
            }
            else
            {
                T distance = T.Abs(coordinate - low);
                T extra = distance % span, flips = T.Floor(distance / span);
                coordinate = T.IsEvenInteger(flips) ? extra + low : span - extra + low;
            }
        }
        return T.Min(T.CreateTruncating(size - 1), T.Max(coordinate, T.Zero));
    }

    // v0·c0 + v1·c1 + v2·c2 + v3·c3 with Keys' A = −0.75 weights at fraction t.
    private static T Cubic<T>(T v0, T v1, T v2, T v3, T t) where T : IFloatingPointIeee754<T>
    {
        T a = T.CreateTruncating(-0.75), one = T.One, two = one + one, three = T.CreateTruncating(3);
        T five = T.CreateTruncating(5), eight = T.CreateTruncating(8), four = T.CreateTruncating(4);
        T c0 = ((a * (t + one) - five * a) * (t + one) + eight * a) * (t + one) - four * a;
        T c1 = ((a + two) * t - (a + three)) * t * t + one;
        T x2 = one - t, x3 = x2 + one;   // PyTorch's get_cubic_upsample_coefficients: 2 − t as (1 − t) + 1
        T c2 = ((a + two) * x2 - (a + three)) * x2 * x2 + one;
        T c3 = ((a * x3 - five * a) * x3 + eight * a) * x3 - four * a;
        return v0 * c0 + v1 * c1 + v2 * c2 + v3 * c3;
    }
}
