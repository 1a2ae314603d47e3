using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Core.Users.Sessions;

/// <summary>What a session records of the browser, made safe to store and show, and how its key is hashed.</summary>
public static class SessionClient
{
    public const int MaxAddressLength = 64;
    public const int MaxUserAgentLength = 200;

    /// <summary>SHA-256 of a session key, hex: the row's id. Keys are long random strings, so a fast hash is enough.</summary>
    public static string Hash(string sessionKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey)));

    /// <summary>
    /// The browser's own words, shortened to <see cref="MaxUserAgentLength"/> with control and bidirectional formatting
    /// characters dropped (a header is the sender's choice and ends up on an admin's page); null when nothing is left.
    /// </summary>
    public static string? UserAgent(string? header) => Clean(header, MaxUserAgentLength);

    /// <summary>An address as the server saw it, shortened the same way.</summary>
    public static string? Address(string? address) => Clean(address, MaxAddressLength);

    private static string? Clean(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var kept = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (kept.Length == maxLength)
            {
                break;
            }

            if (!char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format && !char.IsSurrogate(c))
            {
                kept.Append(c);
            }
        }

        var cleaned = kept.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
