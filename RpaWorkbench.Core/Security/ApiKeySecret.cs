using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Core.Security;

/// <summary>Generates key secrets and derives what is stored of them (prefix and hash).</summary>
public static class ApiKeySecret
{
    public const string Marker = "wbk_";
    public const int MinLength = 32;
    private const int RandomBytes = 32;
    private const int PrefixLength = 12;

    /// <summary>A new key: "wbk_" and 32 random bytes, base64url (47 characters).</summary>
    public static string Generate() => Marker + Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>SHA-256 of the key, hex. Keys are long random strings, so a fast hash is enough.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key.Length <= PrefixLength ? key : key[..PrefixLength];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
