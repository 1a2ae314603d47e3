using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Data;

/// <summary>Stores enums as the snake_case words of the webhook contract (<c>timed_out</c>), not numbers.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => Names[value],
    text => Values[text])
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToDictionary(v => v, v => ContractName.Of(v));

    private static readonly Dictionary<string, TEnum> Values =
        Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
}

/// <summary>The snake_case name of an enum value, as stored and as the webhook contract spells it.</summary>
public static class ContractName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
