using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on 127.0.0.1 whose replies to AUTH and RCPT TO a test chooses, for the refusals an in-process
/// test server cannot give (a 550 unknown recipient, a 451 greylisting, a 535 bad sign-in). It speaks just enough of
/// RFC 5321 for MailKit: greeting, EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT. Commands are recorded.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public ScriptedSmtpServer(string rcptReply, string authReply = "235 2.7.0 Authentication successful")
    {
        RcptReply = rcptReply;
        AuthReply = authReply;
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string RcptReply { get; }

    /// <summary>The reply to AUTH; <c>{credentials}</c> in it is replaced by the decoded AUTH PLAIN credentials (a careless server).</summary>
    public string AuthReply { get; }

    public ConcurrentQueue<string> Commands { get; } = new();

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ConverseAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client hung up mid-conversation; the next one is served as usual.
                }
            }
        }
    }

    private async Task ConverseAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 scripted.test ESMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            Commands.Enqueue(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-scripted.test\r\n250 AUTH PLAIN");
                    break;
                case "AUTH":
                    var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[^1])).Replace('\0', ' ').Trim();
                    await writer.WriteLineAsync(AuthReply.Replace("{credentials}", credentials, StringComparison.Ordinal));
                    break;
                case "RCPT":
                    await writer.WriteLineAsync(RcptReply);
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    await SkipMessageAsync(reader);
                    await writer.WriteLineAsync("250 2.0.0 Ok: queued as SCRIPTED1");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync(verb is "MAIL" or "RSET" or "NOOP" ? "250 2.0.0 Ok" : "502 5.5.2 Command not recognized");
                    break;
            }
        }
    }

    private async Task SkipMessageAsync(StreamReader reader)
    {
        string? data;
        do
        {
            data = await reader.ReadLineAsync(_stop.Token);
        }
        while (data is not null and not ".");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client was mid-conversation when the test ended.
        }

        _stop.Dispose();
    }
}
