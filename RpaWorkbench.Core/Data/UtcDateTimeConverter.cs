using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Data;

/// <summary>All times are stored UTC; values read back are marked <see cref="DateTimeKind.Utc"/>.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));
