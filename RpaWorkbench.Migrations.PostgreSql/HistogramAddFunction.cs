namespace RpaWorkbench.Migrations.PostgreSql;

/// <summary>
/// PostgreSQL's twin of the SQLite function the roll-up upsert calls (<c>RollupWriter.HistogramAddFunction</c>, there
/// registered per connection from <c>DurationHistogram.AddBlobs</c>): adds two histogram blobs of 64 little-endian
/// int32 buckets, bucket by bucket, a missing blob or bucket counting as zero, wrapping as C#'s int does. Living in the
/// database, it merges under the upsert's row lock, so writers on several instances add up exactly.
/// </summary>
internal static class HistogramAddFunction
{
    public const string Create = """
        CREATE OR REPLACE FUNCTION workbench_histogram_add(stored bytea, added bytea) RETURNS bytea
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
        DECLARE
            result bytea := decode(repeat('00', 256), 'hex');
            blob bytea;
            total bigint;
            bucket int;
            b int;
        BEGIN
            FOR bucket IN 0..63 LOOP
                total := 0;
                FOREACH blob IN ARRAY ARRAY[stored, added] LOOP
                    IF blob IS NOT NULL AND length(blob) >= (bucket + 1) * 4 THEN
                        total := total + get_byte(blob, bucket * 4) + get_byte(blob, bucket * 4 + 1) * 256
                            + get_byte(blob, bucket * 4 + 2) * 65536 + get_byte(blob, bucket * 4 + 3)::bigint * 16777216
                            - CASE WHEN get_byte(blob, bucket * 4 + 3) >= 128 THEN 4294967296 ELSE 0 END;
                    END IF;
                END LOOP;
                total := ((total % 4294967296) + 4294967296) % 4294967296;
                FOR b IN 0..3 LOOP
                    result := set_byte(result, bucket * 4 + b, ((total >> (8 * b)) & 255)::int);
                END LOOP;
            END LOOP;
            RETURN result;
        END
        $$;
        """;

    public const string Drop = "DROP FUNCTION IF EXISTS workbench_histogram_add(bytea, bytea);";
}
