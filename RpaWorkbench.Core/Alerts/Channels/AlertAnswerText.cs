namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>Turns a channel's reply or an error into <see cref="AlertDelivery.Answer"/>: secrets masked, cut to <see cref="AlertDelivery.MaxAnswerLength"/>.</summary>
internal static class AlertAnswerText
{
    private const string Mask = "***";

    /// <summary><paramref name="text"/> with every non-empty <paramref name="secrets"/> replaced by <c>***</c> and cut to the answer's length.</summary>
    public static string Clean(string text, params ReadOnlySpan<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            // A one-character "secret" (a URL's bare "/" path) would mask every slash: only real values are masked.
            if (secret is { Length: > 1 })
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        text = text.Trim();
        return text.Length <= AlertDelivery.MaxAnswerLength ? text : string.Concat(text.AsSpan(0, AlertDelivery.MaxAnswerLength - 1), "…");
    }
}
