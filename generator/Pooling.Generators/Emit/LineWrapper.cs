using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Pooling.Generators.Emit;

/// <summary>
/// Keeps a generated line within <see cref="Width"/> characters as <see cref="SourceWriter"/> writes it, the way a person
/// would break it: a comment is word-wrapped; <c>if (…) throw …;</c> puts the statement on its own line; a long call
/// fills the lines after it with its arguments, indented one step — and an argument that is still too long has its own
/// outermost argument list broken the same way; an assignment with nothing else to break puts its value on the next line.
/// String and character literals are never split (a message longer than the width stays on its line).
/// </summary>
internal static class LineWrapper
{
    public const int Width = 120;

    /// <summary>The pieces of one line (its indentation included) that is longer than <see cref="Width"/>.</summary>
    public static IEnumerable<string> WrapLine(string line)
    {
        if (line.Length <= Width) return new[] { line };
        string indent = line.Substring(0, line.Length - line.TrimStart().Length);
        string code = line.TrimStart();
        if (code.StartsWith("//", StringComparison.Ordinal)) return WrapComment(indent, code);

        // Code with a trailing comment: the comment goes on its own line above the code.
        if (TrailingComment(code) is int comment)
        {
            var lines = new List<string>(WrapComment(indent, code.Substring(comment)));
            lines.AddRange(WrapLine(indent + code.Substring(0, comment).TrimEnd()));
            return lines;
        }

        // if (condition) statement;  →  the statement on the next line, one step in.
        if (code.StartsWith("if (", StringComparison.Ordinal) && Match(code, 3) is int close && close + 2 < code.Length && code[close + 1] == ' ')
        {
            var lines = new List<string>(WrapLine(indent + code.Substring(0, close + 1)));
            lines.AddRange(WrapLine(indent + "    " + code.Substring(close + 2)));
            return lines;
        }

        // A long string literal (a message): two literals joined by '+', split at a space outside interpolation holes.
        if ((code.StartsWith("$\"", StringComparison.Ordinal) || code.StartsWith("\"", StringComparison.Ordinal)) && SplitLiteral(code, Width - indent.Length - 3) is { } halves)
        {
            var lines = new List<string>(WrapLine(indent + halves.First + " +"));
            lines.AddRange(WrapLine(indent + halves.Second));
            return lines;
        }

        // Declarators or terms at the top level (int a = …, b = …; x = p * q + r * s;): one a line, one step in.
        foreach (string separator in new[] { ",", " +" })
        {
            var parts = SplitTopLevel(code, separator);
            if (parts.Count < 2 || parts.Count > 4 || parts.Any(p => p.Trim().Length == 0)) continue;
            // Commas end their line; a '+' starts the next one.
            bool comma = separator == ",";
            var lines = new List<string>(WrapLine(indent + parts[0].TrimEnd() + (comma ? "," : "")));
            for (int i = 1; i < parts.Count; i++)
                lines.AddRange(WrapLine(indent + "    " + (comma ? "" : "+ ") + parts[i].Trim() + (comma && i < parts.Count - 1 ? "," : "")));
            return lines;
        }

        // An argument list: the first '(' whose arguments run (nearly) to the end of the line, one argument a line.
        for (int open = code.IndexOf('('); open >= 0; open = NextOpen(code, open + 1))
        {
            bool call = open > 0 && (char.IsLetterOrDigit(code[open - 1]) || code[open - 1] is '_' or '>');
            if (!call || Match(code, open) is not int end) continue;
            // A call whose name alone overflows is left to the assignment rule below, which gives it a line of its own.
            if (indent.Length + open + 1 > Width && SplitTopLevel(code, " = ").Count == 2) continue;
            // Only a list that closes the statement (or its condition): "…);", "…))", "…) is { } x)", "…) =>".
            string rest = code.Substring(end + 1);
            if (rest.TrimEnd(';', ')', ',').Length > 0 && !rest.StartsWith(" is ", StringComparison.Ordinal) && !rest.StartsWith(" =>", StringComparison.Ordinal)) continue;
            var arguments = SplitTopLevel(code.Substring(open + 1, end - open - 1), ",");
            if (arguments.Count < 2 || arguments.Any(a => a.Trim().Length == 0)) continue;
            // The arguments fill the lines after the call, one step in; one that does not fit a line is broken alone.
            var lines = new List<string> { indent + code.Substring(0, open + 1) };
            string inner = indent + "    ";
            var current = new StringBuilder(inner);
            for (int i = 0; i < arguments.Count; i++)
            {
                string argument = arguments[i].Trim() + (i < arguments.Count - 1 ? "," : code.Substring(end));
                bool alone = inner.Length + argument.Length > Width;
                if (current.Length > inner.Length && (alone || current.Length + 1 + argument.Length > Width))
                {
                    lines.Add(current.ToString());
                    current.Clear().Append(inner);
                }
                if (alone)
                {
                    lines.AddRange(WrapLine(inner + argument));
                    continue;
                }
                if (current.Length > inner.Length) current.Append(' ');
                current.Append(argument);
            }
            if (current.Length > inner.Length) lines.Add(current.ToString());
            return lines;
        }

        // An assignment whose value has no list to break (x = a / b / c;): the value on the next line, one step in.
        var sides = SplitTopLevel(code, " = ");
        if (sides.Count == 2 && sides[0].Trim().Length > 0 && sides[1].Trim().Length > 0)
        {
            var lines = new List<string> { indent + sides[0].TrimEnd() + " =" };
            lines.AddRange(WrapLine(indent + "    " + sides[1].Trim()));
            return lines;
        }
        return new[] { line };
    }

    // Word-wrapped: each line takes as many words as fit (a longer word gets a line of its own).
    private static IEnumerable<string> WrapComment(string indent, string code)
    {
        string marker = code.StartsWith("///", StringComparison.Ordinal) ? "/// " : "// ";
        string prefix = indent + marker;
        var lines = new List<string>();
        var current = new StringBuilder(prefix, Width + 16);
        for (int start = marker.Length; start <= code.Length;)
        {
            int end = code.IndexOf(' ', start);
            if (end < 0) end = code.Length;
            int word = end - start;
            if (current.Length > prefix.Length && current.Length + word > Width)
            {
                current.Length--;   // the space after the last word
                lines.Add(current.ToString());
                current.Clear().Append(prefix);
            }
            current.Append(code, start, word).Append(' ');
            start = end + 1;
        }
        current.Length--;
        lines.Add(current.ToString().TrimEnd());
        return lines;
    }

    // Where a "//" comment starts after code (outside literals), or null.
    private static int? TrailingComment(string code)
    {
        for (int i = 1; i + 1 < code.Length; i++)
        {
            i = SkipLiteral(code, i);
            if (i + 1 < code.Length && code[i] == '/' && code[i + 1] == '/') return i;
        }
        return null;
    }

    // The index of the ')' that closes the '(' at 'open', skipping literals; null when there is none on the line.
    private static int? Match(string code, int open)
    {
        int depth = 0;
        for (int i = open; i < code.Length; i++)
        {
            i = SkipLiteral(code, i);
            if (i >= code.Length) return null;
            if (code[i] == '(') depth++;
            else if (code[i] == ')' && --depth == 0) return i;
        }
        return null;
    }

    private static int NextOpen(string code, int from)
    {
        for (int i = from; i < code.Length; i++)
        {
            i = SkipLiteral(code, i);
            if (i < code.Length && code[i] == '(') return i;
        }
        return -1;
    }

    // The arguments of a list, split at commas outside brackets, type argument lists and literals. Generated code writes
    // a type argument list with no space around its brackets (__Vector<V, TV>) and a comparison, shift or lambda with
    // spaces (a < b, x => y), which tells the two apart.
    private static List<string> SplitTopLevel(string list, string separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0, types = 0;
        for (int i = 0; i < list.Length; i++)
        {
            i = SkipLiteral(list, i);
            if (i >= list.Length) break;
            char c = list[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (c == '<' && i > 0 && (char.IsLetterOrDigit(list[i - 1]) || list[i - 1] == '_') && i + 1 < list.Length && list[i + 1] != ' ') types++;
            else if (c == '>' && types > 0 && list[i - 1] != ' ') types--;
            else if (types > 0) continue;
            else if (depth == 0 && string.CompareOrdinal(list, i, separator, 0, separator.Length) == 0
                && (separator != " +" || (i + 2 < list.Length && list[i + 2] == ' ')))
            {
                parts.Add(list.Substring(start, i - start));
                start = i + separator.Length;
            }
        }
        parts.Add(list.Substring(start));
        return parts;
    }

    // A string literal argument (and what follows it: ',' or ');') as two literals, split at the last space before
    // index 'room' (so the first part and its " +" fit the width); null when there is no such space.
    private static (string First, string Second)? SplitLiteral(string code, int room)
    {
        bool interpolated = code[0] == '$';
        int quote = interpolated ? 1 : 0;
        int close = SkipLiteral(code, quote);
        int limit = Math.Min(close - 1, room);
        int holes = 0, best = -1;
        for (int i = quote + 1; i < limit; i++)
        {
            if (interpolated && code[i] == '{') holes++;
            else if (interpolated && code[i] == '}') holes--;
            else if (code[i] == ' ' && holes == 0 && i > quote + 20) best = i;
        }
        if (best < 0) return null;
        string prefix = interpolated ? "$\"" : "\"";
        return (code.Substring(0, best + 1) + "\"", prefix + code.Substring(best + 1));
    }

    // At a string or character literal (plain, verbatim or interpolated): the index of its closing quote; else i.
    // Interpolation holes are part of the literal (their commas and parentheses are not the line's).
    private static int SkipLiteral(string code, int i)
    {
        char c = code[i];
        if (c == '\'')
        {
            int j = i + 1;
            while (j < code.Length && code[j] != '\'') j += code[j] == '\\' ? 2 : 1;
            return j;
        }
        if (c != '"') return i;
        bool verbatim = i > 0 && code[i - 1] == '@' || i > 1 && code[i - 2] == '@';
        bool interpolated = i > 0 && code[i - 1] == '$' || i > 1 && code[i - 2] == '$';
        int holes = 0;
        for (int j = i + 1; j < code.Length; j++)
        {
            char d = code[j];
            if (interpolated && d == '{') holes++;
            else if (interpolated && d == '}') holes--;
            else if (holes > 0 && d == '"')
            {
                // A string inside a hole: skip it whole.
                int k = j + 1;
                while (k < code.Length && code[k] != '"') k += code[k] == '\\' ? 2 : 1;
                j = k;
            }
            else if (!verbatim && d == '\\') j++;
            else if (d == '"' && holes == 0) return j;
        }
        return code.Length;
    }
}
