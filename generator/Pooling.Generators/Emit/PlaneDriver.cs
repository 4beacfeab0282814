using System;
using System.Collections.Generic;
using System.Linq;
using Pooling.Generators.Model;

namespace Pooling.Generators.Emit;

/// <summary>
/// The one place that decides how a kernel walks its planes. Serial kernels: every family's plane loop from 0 to the
/// plane count, as before. <c>Parallel = true</c>: the body becomes a static local function <c>__Run</c> over a range of
/// work units [__first, __end) — planes, or output rows of planes for families that split rows — which the method calls
/// with __end = -1 ("the whole call"). After validation (so every argument error is thrown on the caller's thread)
/// <see cref="WriteSplit"/> asks the runtime's PlaneScheduler how many threads the call is worth and, above one, hands it
/// the buffers and <c>__Run</c>; each thread then runs the serial loop over its own units, so results are bit-identical.
/// </summary>
internal sealed class PlaneDriver
{
    private const string Scheduler = "global::Pooling.Kernels.PlaneScheduler";

    private readonly MethodModel _method;
    private readonly IReadOnlyList<KernelParameter> _parameters;

    private PlaneDriver(MethodModel method, IReadOnlyList<KernelParameter> parameters, string? outputSize)
    {
        _method = method;
        _parameters = parameters;
        OutputSize = outputSize;
    }

    public bool Parallel => _method.Parallel;

    /// <summary>The kernel's output-size companion when its checks are exactly the body's (<see
    /// cref="ShapeValidation.Write"/> then calls it instead of repeating them), else null.</summary>
    public string? OutputSize { get; }

    /// <summary>Writes the kernel's body through the driver: directly when serial, as <c>__Run</c> when parallel.
    /// <paramref name="parameters"/> are the parameters the body sees (the method's, or the tensor adapter's span kernel).</summary>
    /// <param name="outputSize">The companion the body may call for its checks (<see cref="OutputSize"/>).</param>
    public static void WriteEntry(SourceWriter w, MethodModel method, IEnumerable<KernelParameter> parameters, Action<SourceWriter, PlaneDriver> body,
        string? outputSize = null)
    {
        var driver = new PlaneDriver(method, parameters.ToList(), outputSize);
        if (!method.Parallel)
        {
            body(w, driver);
            return;
        }
        w.Call("__Run", driver._parameters.Select(p => p.Argument).Concat(new[] { "0", "-1" }));
        w.Line();
        w.Line("// The kernel over work units [__first, __end); __end < 0: the whole call, split across cores when it pays.");
        using (w.Block("static void __Run", driver._parameters.Select(p => p.LocalDeclaration).Concat(new[] { "int __first", "int __end" })))
        {
            body(w, driver);
        }
    }

    /// <summary>
    /// After validation: <paramref name="units"/> work units moving <paramref name="elements"/> elements in all. Parallel
    /// kernels split them here (or take them all); the returned bounds are what the unit loop runs over.
    /// </summary>
    public (string First, string End) WriteSplit(SourceWriter w, string units, string elements)
    {
        if (!Parallel) return ("0", units);
        // The scheduler takes the spans read first, then the spans written; everything else travels as state.
        var indexed = _parameters.Select((p, i) => (p.Kind, Index: i)).ToList();
        var ordered = indexed.Where(s => s.Kind == ParameterKind.Input).Concat(indexed.Where(s => s.Kind == ParameterKind.Output)).Select(s => s.Index).ToList();
        string[] lambdaSpans = { "__a", "__b", "__c", "__d" };
        var others = Enumerable.Range(0, _parameters.Count).Where(i => _parameters[i].Kind == ParameterKind.Other).ToList();
        string state = others.Count switch
        {
            0 => "0",
            1 => _parameters[others[0]].Name,
            _ => "(" + string.Join(", ", others.Select(i => _parameters[i].Name)) + ")",
        };
        var call = Enumerable.Range(0, _parameters.Count).Select(i =>
        {
            int span = ordered.IndexOf(i);
            if (span >= 0) return lambdaSpans[span];
            int k = others.IndexOf(i);
            return others.Count == 1 ? "__s" : $"__s.Item{k + 1}";
        });
        string spanArgs = string.Join(", ", ordered.Select(i => _parameters[i].Name));
        string lambdaArgs = string.Join(", ", lambdaSpans.Take(ordered.Count));
        using (w.Block("if (__end < 0)"))
        {
            w.Line($"int __degree = {Scheduler}.Degree({units}, {elements}, {_method.MaxDegreeOfParallelism});");
            using (w.Block("if (__degree > 1)"))
            {
                string head = $"{Scheduler}.Run({spanArgs}, {state}, {units}, __degree,";
                if (w.Width(head) <= LineWrapper.Width)
                {
                    w.Line(head);
                    w.Line($"    static ({lambdaArgs}, __s, __f, __e) => __Run({string.Join(", ", call)}, __f, __e));");
                }
                else
                {
                    // Four buffers and their state do not fit one line: one argument a line.
                    w.Call($"{Scheduler}.Run", ordered.Select(i => _parameters[i].Name).Concat(new[] { state, units, "__degree",
                        $"static ({lambdaArgs}, __s, __f, __e) => __Run({string.Join(", ", call)}, __f, __e)" }), ";");
                }
                w.Line("return;");
            }
            w.Line($"__end = {units};");
        }
        return ("__first", "__end");
    }

    /// <summary>
    /// Planes taken <paramref name="group"/> at a time, for units that are planes: declares the cursor <c>__plane</c> at
    /// the range's first plane and returns the loop over whole groups (the caller may wrap it, e.g. in a scratch
    /// buffer's try/finally, after calling this); <see cref="RemainingPlanes"/> then loops over the planes left.
    /// </summary>
    public static (string End, System.Func<IDisposable> Groups) PlaneGroups(SourceWriter w, (string First, string End) range, string group)
    {
        w.Line($"int __plane = {range.First};");
        return (range.End, () => w.Block($"for (; __plane + {group} <= {range.End}; __plane += {group})"));
    }

    /// <summary>The plane loop after <see cref="PlaneGroups"/>: the planes from the cursor to the range's end.</summary>
    public static IDisposable RemainingPlanes(SourceWriter w, (string First, string End) range) =>
        w.Block($"for (; __plane < {range.End}; __plane++)");

    /// <summary>
    /// The plane loop over the units <paramref name="range"/> of <see cref="WriteSplit"/>. <paramref name="rows"/> null: a
    /// unit is a plane. Otherwise a unit is one of a plane's <paramref name="rows"/> outermost output rows, and the
    /// returned bounds are the rows of the current plane this loop owns (serial: 0 and <paramref name="rows"/>).
    /// </summary>
    public (IDisposable Loop, string RowFirst, string RowEnd) PlaneLoop(SourceWriter w, (string First, string End) range, string planes, string? rows = null)
    {
        if (!Parallel) return (w.Block($"for (int __plane = 0; __plane < {planes}; __plane++)"), "0", rows ?? "1");
        if (rows is null) return (w.Block($"for (int __plane = {range.First}; __plane < {range.End}; __plane++)"), "0", "1");
        var loop = w.Block($"for (int __plane = {range.First} / {rows}; __plane * {rows} < {range.End}; __plane++)");
        w.Line($"int __rowFirst = global::System.Math.Max(0, {range.First} - __plane * {rows});");
        w.Line($"int __rowEnd = global::System.Math.Min({rows}, {range.End} - __plane * {rows});");
        return (loop, "__rowFirst", "__rowEnd");
    }
}
