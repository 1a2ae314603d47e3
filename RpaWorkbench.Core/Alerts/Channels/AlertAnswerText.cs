namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>Turns a channel's reply or an error into <see cref="AlertDelivery.Answer"/>: secrets masked, cut to <see cref="AlertDelivery.MaxAnswerLength"/>.</summary>
internal static class AlertAnswerText
{
    private const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with every <paramref name="secrets"/> value replaced by <c>***</c> (longest first, so a
    /// secret containing another is masked whole), trimmed and cut to the answer's length on a character boundary.
    /// </summary>
    public static string Clean(string text, params IEnumerable<string?> secrets)
    {
        // A one-character "secret" (a URL's bare "/" path) would mask every slash: only real values are masked.
        foreach (var secret in secrets.OfType<string>().Where(secret => secret.Length > 1).OrderByDescending(secret => secret.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = text.Trim();
        if (text.Length <= AlertDelivery.MaxAnswerLength)
        {
            return text;
        }

        var keep = AlertDelivery.MaxAnswerLength - 1;
        return text[..(char.IsHighSurrogate(text[keep - 1]) ? keep - 1 : keep)] + "…";
    }
}
