using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>
/// A tool call the Core refuses (role, bad argument, broken rule such as "not found") becomes a tool result with
/// <c>isError: true</c> and the Core's message, which names the argument, so the model can correct itself. The SDK
/// would otherwise hide the message behind "An error occurred invoking ..."; anything else keeps that safe default.
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
    };

    private static CallToolResult Refused(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
