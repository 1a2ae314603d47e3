using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Data;

/// <summary>A value kept whole in one JSON text column (a list of ids, a rendered message): read and written whole, never queried.</summary>
internal static class JsonColumn<T> where T : class
{
    public static readonly ValueConverter<T, string> Converter = new(
        value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default),
        text => JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Default)!);

    /// <summary>Compares by the JSON text, so a list changed in place or replaced is saved.</summary>
    public static readonly ValueComparer<T> Comparer = new(
        (left, right) => JsonSerializer.Serialize(left, JsonSerializerOptions.Default) == JsonSerializer.Serialize(right, JsonSerializerOptions.Default),
        value => JsonSerializer.Serialize(value, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
        value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonSerializerOptions.Default), JsonSerializerOptions.Default)!);
}
