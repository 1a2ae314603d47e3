using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaWorkbench.Core.Data;

/// <summary>Stores enums as the snake_case words of the webhook contract (<c>timed_out</c>), not numbers.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ContractName.Of(value),
    text => ContractName.Parse<TEnum>(text))
    where TEnum : struct, Enum;

/// <summary>The snake_case name of an enum value, as stored and as the webhook contract spells it.</summary>
public static class ContractName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum => Names<TEnum>.ByName[name];

    /// <summary>The value whose snake_case name is exactly <paramref name="name"/>, if any.</summary>
    public static bool TryParse<TEnum>(string name, out TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByName.TryGetValue(name, out value);

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, TEnum> ByName =
            ByValue.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
