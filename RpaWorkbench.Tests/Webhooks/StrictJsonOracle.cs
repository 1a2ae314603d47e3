using System.Text;
using System.Text.Json;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The test's own answer to "may the Workbench accept this body?", written from the webhook contract and not from the
/// Workbench's code: after an optional UTF-8 byte order mark, strictly valid UTF-8 (a throwing decoder), one JSON value
/// (a forward-only reader, not the document parser the Workbench uses), no object with the same field twice, and no
/// string or field name that is not valid Unicode (a lone surrogate escape).
/// </summary>
public static class StrictJsonOracle
{
    private static readonly UTF8Encoding ThrowingUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsAcceptable(byte[] body)
    {
        var json = body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body.AsSpan();
        try
        {
            ThrowingUtf8.GetString(json);
            var reader = new Utf8JsonReader(json);
            var names = new Stack<HashSet<string>>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        names.Push([]);
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        break;
                    case JsonTokenType.PropertyName when !names.Peek().Add(reader.GetString()!):
                        return false;
                    case JsonTokenType.String:
                        reader.GetString();
                        break;
                }
            }

            return reader.BytesConsumed > 0;
        }
        // Invalid UTF-8 (DecoderFallbackException is an ArgumentException), invalid JSON, or a lone surrogate.
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
