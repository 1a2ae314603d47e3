using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// The first 64 bits of the SHA-256 of a message's UTF-8 bytes: a fixed-size key for messages of any length. Two
/// different messages share one only by chance (about n²/2⁶⁵ for n distinct messages: 3·10⁻⁸ for a million); they
/// would then be counted as one, under the first one's text.
/// </summary>
internal static class FailureMessageHash
{
    public static long Of(string message)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(message), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
