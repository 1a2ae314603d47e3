using System.Globalization;
using System.Security.Cryptography;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>
/// The parts of ShadowBot's callback signature we can check: <c>bodyMd5</c> (hex MD5 of the raw body) and
/// <c>timestamp</c> (epoch seconds; milliseconds are accepted too). Both are checked only when both are in the query;
/// <c>sign</c> is not checked because its formula is not published (docs/robots-shadowbot-callbacks.md).
/// </summary>
public static class ShadowBotSignature
{
    public const string BodyMd5 = "bodyMd5";
    public const string Timestamp = "timestamp";

    /// <summary>Null when the query carries no signature or it holds; else why the call is refused.</summary>
    public static (string Field, string Message)? Refusal(IQueryCollection query, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxAge)
    {
        var sentMd5 = query[BodyMd5].ToString().Trim();
        var sentTime = query[Timestamp].ToString().Trim();
        if (sentMd5.Length == 0 || sentTime.Length == 0)
        {
            return null;
        }

        // MD5 is what ShadowBot signs with; here it only proves the body was not altered, not a secret.
#pragma warning disable CA5351
        var actual = Convert.ToHexString(MD5.HashData(body));
#pragma warning restore CA5351
        if (!string.Equals(actual, sentMd5, StringComparison.OrdinalIgnoreCase))
        {
            return (BodyMd5, $"{BodyMd5} does not match the MD5 of the body.");
        }

        if (!long.TryParse(sentTime, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 4_102_444_800_000)
        {
            return (Timestamp, $"{Timestamp} must be epoch seconds.");
        }

        var sent = number > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
        return (now - sent).Duration() > maxAge
            ? (Timestamp, $"{Timestamp} is more than {maxAge.TotalMinutes:0.#} minutes from the Workbench's clock (Workbench:ShadowBot:CallbackMaxAge).")
            : null;
    }
}
