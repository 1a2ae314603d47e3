using System.Buffers.Binary;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Run counts in fixed log-scale duration buckets, stored as a compact blob (<see cref="BucketCount"/> little-endian
/// int32). Bucket 0 holds runs under 1 s; bucket k (1…62) holds [2^((k−1)/4), 2^(k/4)) s, each 19% wider than the last;
/// bucket 63 holds everything from 2^15.5 s (≈ 12.9 h). Percentiles read from it are the upper edge of the bucket
/// holding the rank: never below the exact value and less than 19% above it (1 s below 1 s; "at least 12.9 h" past the end).
/// </summary>
public sealed class DurationHistogram
{
    public const int BucketCount = 64;
    private const int StepsPerDoubling = 4;

    private readonly int[] _counts;

    public DurationHistogram() => _counts = new int[BucketCount];

    private DurationHistogram(int[] counts) => _counts = counts;

    public long Total => _counts.Sum(c => (long)c);

    public int this[int bucket] => _counts[bucket];

    public static int BucketOf(double seconds) =>
        seconds < 1 ? 0 : Math.Min(BucketCount - 1, (int)Math.Floor(StepsPerDoubling * Math.Log2(seconds)) + 1);

    /// <summary>The largest duration a run in the bucket may have had (the last bucket's lower edge: it has no end).</summary>
    public static double UpperEdge(int bucket) => Math.Pow(2, (double)Math.Min(bucket, BucketCount - 2) / StepsPerDoubling);

    public static DurationHistogram FromBlob(byte[]? blob)
    {
        var counts = new int[BucketCount];
        for (var i = 0; blob is not null && i < BucketCount && (i + 1) * sizeof(int) <= blob.Length; i++)
        {
            counts[i] = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(i * sizeof(int)));
        }

        return new DurationHistogram(counts);
    }

    public byte[] ToBlob()
    {
        var blob = new byte[BucketCount * sizeof(int)];
        for (var i = 0; i < BucketCount; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(i * sizeof(int)), _counts[i]);
        }

        return blob;
    }

    /// <summary>The sum of two stored histograms (a missing one counts as empty).</summary>
    public static byte[] AddBlobs(byte[]? stored, byte[]? added)
    {
        var sum = FromBlob(stored);
        sum.Add(FromBlob(added));
        return sum.ToBlob();
    }

    public void Add(double seconds) => _counts[BucketOf(seconds)]++;

    public void Add(DurationHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 1) as its bucket's upper edge; 0 for no runs.</summary>
    public double Percentile(double p)
    {
        var total = Total;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return UpperEdge(i);
            }
        }

        return UpperEdge(BucketCount - 1);
    }
}
