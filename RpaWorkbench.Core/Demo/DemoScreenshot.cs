using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RpaWorkbench.Core.Demo;

/// <summary>
/// Draws robot screenshots for the demo's history and the simulated robot: a business application's window with a table
/// of records and, as a robot captures its screen when a run fails, an error dialog in front of it; the header's colour
/// tells the variants apart. A plain RGB PNG of a few kilobytes, made here so the demo needs no image files and no image
/// library.
/// </summary>
internal static class DemoScreenshot
{
    public const int Width = 480;
    public const int Height = 300;

    private static readonly (byte R, byte G, byte B)[] Headers =
        [(25, 118, 210), (56, 142, 60), (123, 31, 162), (0, 121, 107), (230, 81, 0), (69, 90, 100), (194, 24, 91), (93, 64, 55)];

    /// <summary>
    /// The PNG bytes of variant <paramref name="variant"/> (any number; variants repeat after eight), with the error dialog
    /// of a failed run unless <paramref name="errorDialog"/> is false (a completed run's last screen).
    /// </summary>
    public static byte[] Render(int variant, bool errorDialog = true)
    {
        var canvas = new Canvas(Width, Height);
        canvas.Fill(0, 0, Width, Height, (38, 50, 56));
        canvas.Fill(16, 12, Width - 16, Height - 28, (250, 250, 250));
        canvas.Fill(16, 12, Width - 16, 40, Headers[Math.Abs(variant % Headers.Length)]);
        for (var row = 0; row < 9; row++)
        {
            var top = 52 + (row * 22);
            canvas.Fill(28, top, Width - 28, top + 1, (224, 224, 224));
            canvas.Fill(36, top + 7, 36 + 60 + ((row * 37) % 50), top + 14, (158, 158, 158));
            canvas.Fill(200, top + 7, 260 + ((row * 53) % 70), top + 14, (189, 189, 189));
        }

        canvas.Fill(0, Height - 28, Width, Height, (55, 71, 79));
        if (errorDialog)
        {
            DrawErrorDialog(canvas);
        }

        return canvas.ToPng();
    }

    private static void DrawErrorDialog(Canvas canvas)
    {
        canvas.Fill(130, 96, 350, 206, (117, 117, 117));
        canvas.Fill(128, 94, 348, 204, (255, 255, 255));
        canvas.Fill(128, 94, 348, 118, (211, 47, 47));
        canvas.Fill(146, 134, 174, 162, (229, 57, 53));
        for (var i = 0; i < 16; i++)
        {
            canvas.Fill(152 + i, 140 + i, 155 + i, 143 + i, (255, 255, 255));
            canvas.Fill(152 + i, 155 - i, 155 + i, 158 - i, (255, 255, 255));
        }

        canvas.Fill(186, 138, 330, 144, (97, 97, 97));
        canvas.Fill(186, 152, 300, 158, (97, 97, 97));
        canvas.Fill(270, 176, 334, 196, (25, 118, 210));
    }

    private sealed class Canvas(int width, int height)
    {
        // One filter byte (0: none) before each row of RGB pixels, as PNG stores them.
        private readonly byte[] _rows = new byte[height * ((width * 3) + 1)];

        public void Fill(int left, int top, int right, int bottom, (byte R, byte G, byte B) colour)
        {
            for (var y = Math.Max(top, 0); y < Math.Min(bottom, height); y++)
            {
                for (var x = Math.Max(left, 0); x < Math.Min(right, width); x++)
                {
                    var at = (y * ((width * 3) + 1)) + 1 + (x * 3);
                    (_rows[at], _rows[at + 1], _rows[at + 2]) = colour;
                }
            }
        }

        public byte[] ToPng()
        {
            using var png = new MemoryStream();
            png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bits per channel
            header[9] = 2; // RGB
            WriteChunk(png, "IHDR", header);
            using (var compressed = new MemoryStream())
            {
                using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    zlib.Write(_rows);
                }

                WriteChunk(png, "IDAT", compressed.ToArray());
            }

            WriteChunk(png, "IEND", []);
            return png.ToArray();
        }

        private static void WriteChunk(Stream png, string type, byte[] data)
        {
            var typed = new byte[4 + data.Length];
            Encoding.ASCII.GetBytes(type, typed);
            data.CopyTo(typed, 4);
            Span<byte> number = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
            png.Write(number);
            png.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.Of(typed));
            png.Write(number);
        }
    }
}

/// <summary>The CRC-32 (ISO-HDLC, as PNG and zip use it).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
