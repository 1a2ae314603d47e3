using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Sends the alert as an e-mail (HTML and text bodies) through the channel's SMTP server with MailKit: connect with
/// STARTTLS, TLS or neither, sign in when a user name is set, send to every recipient, quit. A 4xx reply is transient
/// (greylisting, a full queue: retry), a 5xx permanent (a rejected recipient, bad credentials: no retry), as is a TLS
/// handshake the server fails; a refused connection or a time-out may pass. The answer is the server's reply text.
/// </summary>
internal sealed class EmailSender(TimeProvider clock) : IAlertChannelSender
{
    public AlertChannelKind Kind => AlertChannelKind.Email;

    public async Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var smtp = target.Smtp ?? throw new ArgumentException("An e-mail channel needs its SMTP server.", nameof(target));
        using var client = new SmtpClient { Timeout = (int)AlertChannelHttp.SendTimeout.TotalMilliseconds };
        try
        {
            var mail = EmailRendering.Render(message, smtp, clock.GetUtcNow());
            await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            var reply = await client.SendAsync(mail, cancellationToken);
            await QuitAsync(client, cancellationToken);
            return new AlertDelivery(true, 250, Answer(reply, smtp), Retry: false);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            return new AlertDelivery(false, code, Answer($"{code} {ex.Message}", smtp), Retry: code is >= 400 and < 500);
        }
        catch (AuthenticationException ex)
        {
            // MailKit words a refused AUTH as "<code>: <server text>".
            var refused = ex.Message.Split(": ", 2);
            var code = refused.Length == 2 && int.TryParse(refused[0], NumberStyles.None, CultureInfo.InvariantCulture, out var reply) ? reply : (int?)null;
            return new AlertDelivery(false, code, Answer(code is null ? ex.Message : $"{code} {refused[1]}", smtp), Retry: false);
        }
        catch (SslHandshakeException ex)
        {
            return new AlertDelivery(false, null, Answer($"TLS with {smtp.Host}:{smtp.Port} failed: {ex.Message}", smtp), Retry: false);
        }
        catch (Exception ex) when (ex is ParseException or NotSupportedException or InvalidOperationException)
        {
            // A malformed address, a server without AUTH when a user is set, no recipients: settings to correct, not to retry.
            return new AlertDelivery(false, null, Answer(ex.Message, smtp), Retry: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AlertDelivery(false, null, $"{smtp.Host}:{smtp.Port} did not answer within {AlertChannelHttp.SendTimeout.TotalSeconds:0} s.", Retry: true);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or ProtocolException)
        {
            return new AlertDelivery(false, null, Answer($"{smtp.Host}:{smtp.Port} could not be reached: {ex.Message}", smtp), Retry: true);
        }
    }

    /// <summary>How <paramref name="security"/> is asked of MailKit: STARTTLS required on 587, TLS from the first byte on 465, or plain.</summary>
    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    // The message was accepted once the server answered DATA: a failing QUIT must not make the outbox send it twice.
    private static async Task QuitAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ProtocolException or CommandException)
        {
            client.Dispose();
        }
    }

    private static string Answer(string text, SmtpTarget smtp) => AlertAnswerText.Clean(text, smtp.Password);
}
