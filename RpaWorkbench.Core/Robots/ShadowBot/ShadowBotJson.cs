using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>ShadowBot speaks camelCase JSON and leaves optional fields out.</summary>
internal static class ShadowBotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
