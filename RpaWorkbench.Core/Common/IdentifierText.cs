using System.Buffers;
using System.Text;

namespace RpaWorkbench.Core.Common;

/// <summary>
/// The characters a name people tell things apart by (robot account, task, app, user, display and API key names) may
/// not contain: control characters (Unicode category Cc), format characters (Cf: the text-direction controls U+061C,
/// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 and invisible ones such as U+200B, U+200D, U+2060, U+FEFF, U+00AD),
/// line and paragraph separators (U+2028, U+2029) and lone surrogates. They make one name look like another: "acc4"
/// followed by U+202E shows as "4cca", "acc4" with a U+200B inside looks like "acc4". Free text (error messages, log
/// content) may contain them.
/// </summary>
public static class IdentifierText
{
    /// <summary>The code point of the first refused character in <paramref name="text"/>, or null when there is none.</summary>
    public static int? FirstRefused(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return rest[0];
            }

            if (IsRefused(rune))
            {
                return rune.Value;
            }

            rest = rest[used..];
        }

        return null;
    }

    /// <summary>The error for <paramref name="field"/> when <paramref name="text"/> holds a refused character, else null.</summary>
    /// <param name="label">How the message names the value ("Account", or the field name for an API).</param>
    /// <remarks>The error's <see cref="FieldError.Limit"/> is the refused code point, so a form can say which one.</remarks>
    public static FieldError? Check(string field, string label, string? text) =>
        text is not null && FirstRefused(text) is { } refused
            ? new FieldError(field, ErrorCodes.InvalidCharacters,
                $"{label} must not contain {Name(refused)}: control, invisible and text-direction characters are refused.", refused)
            : null;

    /// <summary>A code point as people look it up: <c>U+202E</c>.</summary>
    public static string Name(int codePoint) => string.Create(CultureInfo.InvariantCulture, $"U+{codePoint:X4}");

    private static bool IsRefused(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
