using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Core.ApiKeys;

/// <summary>Generates key secrets and derives what is stored of them (prefix and hash).</summary>
internal static class ApiKeySecret
{
    public const string Marker = "wbk_";
    public const int MinLength = 32;
    private const int RandomBytes = 32;
    private const int PrefixLength = 12;
    private const int ChosenKeyPrefixLength = 4;

    /// <summary>A new key: "wbk_" and 32 random bytes, base64url (47 characters).</summary>
    public static string Generate() => Marker + Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>SHA-256 of the key, hex. Keys are long random strings, so a fast hash is enough.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The characters shown to tell keys apart: the marker and 8 random characters of a generated key, only the first
    /// <see cref="ChosenKeyPrefixLength"/> of a key someone chose (configuration), which may be far less random.
    /// </summary>
    public static string PrefixOf(string key)
    {
        var length = key.StartsWith(Marker, StringComparison.Ordinal) ? PrefixLength : ChosenKeyPrefixLength;
        return key.Length <= length ? key : key[..length];
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
