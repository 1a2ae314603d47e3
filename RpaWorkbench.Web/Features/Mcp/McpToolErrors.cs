using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>
/// A tool call the Core refuses (role, bad argument, broken rule such as "not found") or whose arguments do not fit
/// the tool's types becomes a tool result with <c>isError: true</c> and a message naming the argument, so the model can
/// correct itself. The SDK would otherwise hide the message behind "An error occurred invoking ..."; anything else
/// keeps that safe default.
/// </summary>
internal static class McpToolErrors
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> AsToolResults(
        McpRequestHandler<CallToolRequestParams, CallToolResult> next) => async (request, cancellationToken) =>
    {
        try
        {
            return await next(request, cancellationToken);
        }
        catch (AccessDeniedException ex)
        {
            return Refused(ex.Message);
        }
        catch (ValidationFailedException ex)
        {
            return Refused("Invalid arguments: " + ex.Message);
        }
        catch (RuleViolationException ex)
        {
            return Refused($"{ex.Message} ({ex.Code})");
        }
        catch (JsonException ex)
        {
            // The SDK could not bind an argument; its message names a .NET type, not the argument.
            var wrong = WrongTypes(request).ToList();
            return Refused("Invalid arguments: " + (wrong.Count > 0 ? string.Join("; ", wrong) : ex.Message));
        }
    };

    private static CallToolResult Refused(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };

    // The arguments whose JSON kind the tool's input schema does not allow.
    private static IEnumerable<string> WrongTypes(RequestContext<CallToolRequestParams> request)
    {
        if (request.MatchedPrimitive is not McpServerTool tool || request.Params?.Arguments is not { } arguments
            || !tool.ProtocolTool.InputSchema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var (name, value) in arguments)
        {
            if (properties.TryGetProperty(name, out var schema) && schema.TryGetProperty("type", out var type) && !Allows(type, value))
            {
                var types = type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray()) : type.GetString();
                yield return $"{name}: Must be {types}; was {value.GetRawText()}.";
            }
        }
    }

    private static bool Allows(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => Allows(t.GetString(), value))
        : Allows(type.GetString(), value);

    private static bool Allows(string? type, JsonElement value) => type switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string" => value.ValueKind == JsonValueKind.String,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
