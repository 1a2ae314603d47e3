using System.Text;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// Deterministic byte-level mutations of a seed body, as a fuzzer makes them: flip a bit, insert a byte or a token that
/// tends to break parsers (a raw 0xFF, half a UTF-8 character, <c>\ud800</c>, <c>\u0000</c>, a byte order mark, a huge
/// number), truncate, or copy a span elsewhere (which often sends a field twice). One to three mutations per body.
/// </summary>
public sealed class ByteMutator(int seed)
{
    private static readonly byte[][] Insertions =
    [
        .. "\"\\{}[],: 09-.eE".Select(c => new[] { (byte)c }),
        [0x00], [0x1F], [0x7F], [0x80], [0xBF], [0xC0], [0xC3], [0xE4], [0xED], [0xEF], [0xF0], [0xF5], [0xFE], [0xFF],
        [0xEF, 0xBB, 0xBF], [0xED, 0xA0, 0x80], [0xE4, 0xBA],
        .. new[]
        {
            "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u4e91", "\\uFEFF", "\\u0041", "1e400", "-0", "0.5",
            "99999999999999999999", "2147483648", "null", "true", "\"true\"", "\"x\":1,", "\"app_name\":\"dup\",", "\"\"",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    private readonly Random _random = new(seed);

    /// <summary>The next mutated copy of <paramref name="body"/>.</summary>
    public byte[] Mutate(byte[] body)
    {
        var bytes = new List<byte>(body);
        for (var count = _random.Next(1, 4); count > 0; count--)
        {
            // Truncation mostly yields plain invalid JSON: it is the rarest, so more bodies get far into the parsers.
            switch (_random.Next(20))
            {
                case < 7 when bytes.Count > 0:
                    bytes[_random.Next(bytes.Count)] ^= (byte)(1 << _random.Next(8));
                    break;
                case < 14:
                    bytes.InsertRange(_random.Next(bytes.Count + 1), Insertions[_random.Next(Insertions.Length)]);
                    break;
                case < 18 when bytes.Count > 1:
                    var start = _random.Next(bytes.Count - 1);
                    var span = bytes.GetRange(start, _random.Next(1, Math.Min(40, bytes.Count - start)));
                    bytes.InsertRange(_random.Next(2) == 0 ? start + span.Count : _random.Next(bytes.Count + 1), span);
                    break;
                case >= 18:
                    var length = _random.Next(bytes.Count);
                    bytes.RemoveRange(length, bytes.Count - length);
                    break;
            }
        }

        return [.. bytes];
    }
}
