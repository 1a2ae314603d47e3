using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// A <see cref="HotStatement"/> on SQLite, run through SQLitePCL on the connection's own handle, so it takes part in
/// whatever transaction the connection has open. Values are stored as Microsoft.Data.Sqlite stores them (EF Core's
/// queries compare against that form): bool as 0/1, DateTime as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text.
/// </summary>
internal sealed class SqliteHotStatement : HotStatement
{
    private const string TimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _parameterIndexes;

    public SqliteHotStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameters)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("Open the connection before preparing statements on it.");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
        _parameterIndexes = [.. parameters.Select(name => raw.sqlite3_bind_parameter_index(_statement, "@" + name))];
        if (Array.IndexOf(_parameterIndexes, 0) is var missing and >= 0)
        {
            _statement.Dispose();
            throw new ArgumentException($"The statement has no parameter @{parameters[missing]}.", nameof(parameters));
        }
    }

    public override long? Run(params object?[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Length, _parameterIndexes.Length, nameof(values));
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                Check(Bind(_parameterIndexes[i], values[i]));
            }

            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_type(_statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_statement, 0);
            }

            Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            return null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public override void Dispose() => _statement.Dispose();

    private int Bind(int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        string text => raw.sqlite3_bind_text16(_statement, index, text.AsSpan()),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(_statement, index, real),
        DateTime time => BindTime(index, time),
        byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
        _ => throw new ArgumentException($"No SQLite binding for a {value.GetType().Name}.", nameof(value)),
    };

    private int BindTime(int index, DateTime time)
    {
        Span<char> text = stackalloc char[32];
        time.TryFormat(text, out var length, TimeFormat, CultureInfo.InvariantCulture);
        return raw.sqlite3_bind_text16(_statement, index, text[..length]);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
