namespace Pooling.Generators.Tests.Infrastructure;

/// <summary>Exact comparison of kernel outputs and random test data with the values that break kernels.</summary>
internal static class Values
{
    /// <summary>Bit-exact equality, except that any NaN equals any NaN (PyTorch does not promise NaN payloads).
    /// −0.0 and +0.0 are different: which one a max returns is part of the contract (first tap wins).</summary>
    public static bool Same(object expected, object actual) => (expected, actual) switch
    {
        (float e, float a) => (float.IsNaN(e) && float.IsNaN(a)) || BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a),
        (double e, double a) => (double.IsNaN(e) && double.IsNaN(a)) || BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a),
        (Half e, Half a) => (Half.IsNaN(e) && Half.IsNaN(a)) || BitConverter.HalfToInt16Bits(e) == BitConverter.HalfToInt16Bits(a),
        _ => Equals(expected, actual),
    };

    /// <summary>Fails with the first mismatching position, both values and the context.</summary>
    public static void AssertSame(Array expected, Array actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            object e = expected.GetValue(i)!, a = actual.GetValue(i)!;
            if (!Same(e, a))
                Assert.Fail($"{context}: element {i} expected {Show(e)} but got {Show(a)}");
        }
    }

    /// <summary>Equal within <paramref name="relative"/> of the larger magnitude (and 1e-30 absolute); NaN equals NaN,
    /// infinities must be the same infinity. For results whose summation order PyTorch does not fix.</summary>
    public static void AssertClose(Array expected, Array actual, double relative, string context, double absolute = 1e-30)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Convert.ToDouble(expected.GetValue(i)), a = Convert.ToDouble(actual.GetValue(i));
            bool close = (double.IsNaN(e) && double.IsNaN(a)) || e == a
                || (double.IsFinite(e) && double.IsFinite(a) && Math.Abs(e - a) <= Math.Max(absolute, relative * Math.Max(Math.Abs(e), Math.Abs(a))));
            if (!close) Assert.Fail($"{context}: element {i} expected {e:R} but got {a:R} (relative tolerance {relative})");
        }
    }

    private static string Show(object value) => value switch
    {
        float f => f.ToString("R") + (f == 0 && float.IsNegative(f) ? " (-0)" : ""),
        double d => d.ToString("R") + (d == 0 && double.IsNegative(d) ? " (-0)" : ""),
        _ => value.ToString() ?? "null",
    };

    /// <summary>Random data of <paramref name="type"/>: normal values, many ties, and for floating types NaN, ±∞ and ±0.</summary>
    public static Array Random(Type type, int count, Random random)
    {
        int style = random.Next(4);   // 0 normal, 1 ties, 2 specials, 3 signed zeros and ties
        double Draw()
        {
            double value = style switch
            {
                1 or 3 => random.Next(-2, 3),
                _ => random.NextDouble() * 20 - 10,
            };
            if (style == 2 && random.Next(8) == 0)
                value = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0 }[random.Next(5)];
            if (style == 3 && value == 0 && random.Next(2) == 0) value = -0.0;
            return value;
        }
        var array = Array.CreateInstance(type, count);
        for (int i = 0; i < count; i++)
        {
            double value = Draw();
            object element = type == typeof(float) ? (float)value
                : type == typeof(double) ? value
                : type == typeof(Half) ? (Half)value
                : IntegerValue(type, value, random);
            array.SetValue(element, i);
        }
        return array;
    }

    // Integers: small values for ties, sometimes the type's extremes (MinValue is the identity of max).
    private static object IntegerValue(Type type, double value, Random random)
    {
        long v = double.IsFinite(value) ? (long)Math.Round(value) : 0;
        if (random.Next(10) == 0) v = random.Next(2) == 0 ? long.MinValue : long.MaxValue;
        return type == typeof(byte) ? (byte)Math.Clamp(v + 5, byte.MinValue, byte.MaxValue)
            : type == typeof(sbyte) ? (sbyte)Math.Clamp(v, sbyte.MinValue, sbyte.MaxValue)
            : type == typeof(short) ? (short)Math.Clamp(v, short.MinValue, short.MaxValue)
            : type == typeof(ushort) ? (ushort)Math.Clamp(v + 5, ushort.MinValue, ushort.MaxValue)
            : type == typeof(int) ? (int)Math.Clamp(v, int.MinValue, int.MaxValue)
            : (object)v;
    }
}
