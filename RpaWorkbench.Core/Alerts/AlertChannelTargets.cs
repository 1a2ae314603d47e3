using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts;

/// <summary>Builds what a sender needs from a stored channel, decrypting its secrets (only here, only to send).</summary>
public static class AlertChannelTargets
{
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring that encrypted a secret is gone.</exception>
    public static AlertChannelTarget Of(AlertChannel channel, AlertChannelSecrets secrets)
    {
        var url = channel.UrlProtected is { } protectedUrl ? new Uri(secrets.Unprotect(protectedUrl)) : null;
        var secret = channel.SecretProtected is { } protectedSecret ? secrets.Unprotect(protectedSecret) : null;
        var smtp = channel.Kind == AlertChannelKind.Email
            ? new SmtpTarget(
                channel.SmtpHost ?? "",
                channel.SmtpPort ?? 587,
                channel.SmtpSecurity ?? SmtpSecurity.StartTls,
                channel.SmtpUserName,
                channel.SmtpPasswordProtected is { } password ? secrets.Unprotect(password) : null,
                channel.SmtpFrom ?? "",
                channel.SmtpTo)
            : null;
        return new AlertChannelTarget(channel.Kind, url, secret, smtp);
    }
}
