using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RpaWorkbench.Tests.Demo;

/// <summary>
/// Reads a PNG as far as a test needs, by the PNG specification: the signature, the IHDR size and type, the IDAT data
/// inflated to one filter byte plus the pixels of each row, and the IEND chunk with its well-known CRC.
/// </summary>
public sealed record PngImage(int Width, int Height, int ColourType, byte[] Rows)
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    // Every PNG ends with this chunk: length 0, "IEND", CRC-32 AE 42 60 82.
    private static readonly byte[] End = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static PngImage Read(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        Assert.Equal(End, png[^12..]);
        int width = 0, height = 0, colourType = -1;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length - 12;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height, colourType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[9]);
                Assert.Equal(8, data[8]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, colourType, inflated.ToArray());
    }
}
