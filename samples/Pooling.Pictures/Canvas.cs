using System;
using System.Collections.Generic;
using System.IO;
using SkiaSharp;

namespace Pooling.Pictures;

/// <summary>Grey-scale maps in and out of pictures: load or make the input, and lay titled panels out on a PNG grid.</summary>
internal static class Canvas
{
    public const int Size = 128;

    /// <summary>The procedural image: rings and a gradient, Size×Size, in [0, 1].</summary>
    public static float[] Procedural()
    {
        var map = new float[Size * Size];
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            double r = Math.Sqrt((x - 64.0) * (x - 64.0) + (y - 64.0) * (y - 64.0));
            map[y * Size + x] = (float)Math.Clamp(0.5 + 0.35 * Math.Cos(r / 4.0) + 0.15 * (x + y) / (2.0 * Size) - 0.1, 0, 1);
        }
        return map;
    }

    /// <summary>The built-in cat photograph (embedded; CC0, see Images/README.md) as a Size×Size grey-scale map.</summary>
    public static float[] Cat()
    {
        using var stream = typeof(Canvas).Assembly.GetManifestResourceStream("chelsea.png")
            ?? throw new InvalidOperationException("The embedded photograph is missing from the build.");
        using var bitmap = SKBitmap.Decode(stream) ?? throw new InvalidOperationException("The embedded photograph does not decode.");
        return ToGrey(bitmap);
    }

    /// <summary>An image file as a Size×Size grey-scale map; null (with <paramref name="error"/>) when it is missing or
    /// is not an image SkiaSharp decodes.</summary>
    public static float[]? Load(string path, out string error)
    {
        error = "";
        if (!File.Exists(path))
        {
            error = $"no such file: {path}";
            return null;
        }
        using var bitmap = SKBitmap.Decode(path);
        if (bitmap is null)
        {
            error = $"not an image this sample can decode (PNG, JPEG, WebP, GIF, BMP): {path}";
            return null;
        }
        return ToGrey(bitmap);
    }

    // The aspect ratio is kept by cropping: the largest centred square, then scaled to Size×Size.
    private static float[] ToGrey(SKBitmap original)
    {
        int side = Math.Min(original.Width, original.Height);
        var square = new SKBitmap(side, side);
        original.ExtractSubset(square, SKRectI.Create((original.Width - side) / 2, (original.Height - side) / 2, side, side));
        using var resized = square.Resize(new SKImageInfo(Size, Size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        square.Dispose();
        var map = new float[Size * Size];
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
        {
            SKColor c = resized.GetPixel(x, y);
            map[y * Size + x] = (0.299f * c.Red + 0.587f * c.Green + 0.114f * c.Blue) / 255f;
        }
        return map;
    }

    /// <summary>A titled panel: one plane of <paramref name="planes"/> (height × width), shown at <paramref name="cell"/> pixels;
    /// or, with <see cref="Rgb"/>, an interleaved RGB image of that size.</summary>
    public sealed record Panel(string Title, float[] Planes, int Plane, int Height, int Width)
    {
        public byte[]? Rgb { get; init; }
    }

    /// <summary>An embedded PNG (by its resource name) as interleaved RGB bytes, exactly as stored.</summary>
    public static byte[] EmbeddedRgb(string name, out int height, out int width)
    {
        using var stream = typeof(Canvas).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded image {name} is missing from the build.");
        using var bitmap = SKBitmap.Decode(stream) ?? throw new InvalidOperationException($"The embedded image {name} does not decode.");
        (height, width) = (bitmap.Height, bitmap.Width);
        var rgb = new byte[height * width * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            SKColor c = bitmap.GetPixel(x, y);
            int i = (y * width + x) * 3;
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (c.Red, c.Green, c.Blue);
        }
        return rgb;
    }

    /// <summary>Draws the panels row by row on a white grid with titles and writes a PNG.</summary>
    public static void WriteGrid(string path, string heading, IReadOnlyList<IReadOnlyList<Panel>> rows, int cell = 160)
    {
        const int margin = 12, titleHeight = 22, headingHeight = 34;
        int columns = 0;
        foreach (var row in rows) columns = Math.Max(columns, row.Count);
        // Each row is as tall as its tallest panel at true relative size.
        float scale = cell / (float)Size;
        var rowHeights = new List<int>();
        foreach (var row in rows)
        {
            int tallest = 0;
            foreach (var panel in row) tallest = Math.Max(tallest, (int)Math.Ceiling(panel.Height * scale));
            rowHeights.Add(tallest);
        }
        // A column is a cell wide, or as wide as its widest panel at that scale (a 224×224 panel beside 128×128 ones).
        int column = cell;
        foreach (var row in rows)
        foreach (var panel in row) column = Math.Max(column, (int)Math.Ceiling(panel.Width * scale));
        int width = margin + columns * (column + margin), height = headingHeight + margin;
        foreach (int rowHeight in rowHeights) height += rowHeight + titleHeight + margin;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = FindTypeface();
        using var font = new SKFont(typeface, 13);
        using var bold = new SKFont(typeface, 18);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(heading, margin, 24, SKTextAlign.Left, bold, ink);
        int top = headingHeight;
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < rows[r].Count; c++)
            {
                var panel = rows[r][c];
                int left = margin + c * (column + margin);
                canvas.DrawText(panel.Title, left, top + 16, SKTextAlign.Left, font, ink);
                using var bitmap = ToBitmap(panel);
                using var image = SKImage.FromBitmap(bitmap);
                // True relative size (a 64×64 panel is half as wide as a 128×128 one), so the size reduction is seen,
                // not only the blur; nearest-neighbour display scaling keeps each kernel's pixels visible.
                canvas.DrawImage(image, new SKRect(left, top + titleHeight, left + panel.Width * scale, top + titleHeight + panel.Height * scale),
                    new SKSamplingOptions(SKFilterMode.Nearest));
            }
            top += rowHeights[r] + titleHeight + margin;
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    // SkiaSharp's dependency-free Linux build has no font manager: load a TrueType font from the usual font folders
    // (DejaVu Sans preferred). Without one the pictures are drawn without titles.
    private static SKTypeface FindTypeface()
    {
        var folders = new List<string> { Environment.GetFolderPath(Environment.SpecialFolder.Fonts), "/usr/share/fonts", "/usr/local/share/fonts",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts") };
        string? best = null;
        foreach (string folder in folders)
        {
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) continue;
            foreach (string file in Directory.EnumerateFiles(folder, "*.ttf", SearchOption.AllDirectories))
            {
                string name = Path.GetFileName(file);
                if (name == "DejaVuSans.ttf") return SKTypeface.FromFile(file);
                best ??= file;
            }
        }
        if (best is not null) return SKTypeface.FromFile(best);
        Console.Error.WriteLine("No TrueType font found: the picture is drawn without titles.");
        return SKTypeface.Default;
    }

    private static SKBitmap ToBitmap(Panel panel)
    {
        if (panel.Rgb is { } rgb)
        {
            var color = new SKBitmap(panel.Width, panel.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            for (int y = 0; y < panel.Height; y++)
            for (int x = 0; x < panel.Width; x++)
            {
                int i = (y * panel.Width + x) * 3;
                color.SetPixel(x, y, new SKColor(rgb[i], rgb[i + 1], rgb[i + 2]));
            }
            return color;
        }
        var bitmap = new SKBitmap(panel.Width, panel.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        int start = panel.Plane * panel.Height * panel.Width;
        for (int y = 0; y < panel.Height; y++)
        for (int x = 0; x < panel.Width; x++)
        {
            byte v = (byte)Math.Round(Math.Clamp(panel.Planes[start + y * panel.Width + x], 0f, 1f) * 255);
            bitmap.SetPixel(x, y, new SKColor(v, v, v));
        }
        return bitmap;
    }
}
