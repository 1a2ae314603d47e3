using System.Net;
using MailKit.Security;
using MimeKit;
using netDumbster.smtp;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public sealed class EmailSenderTests : IDisposable
{
    private const string Password = "pw-Zx81!secret";

    private readonly ChannelSendersHost _host = new(new DateTimeOffset(2026, 12, 7, 8, 20, 0, TimeSpan.Zero));
    private readonly SimpleSmtpServer _smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();

    public void Dispose()
    {
        _smtp.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Send_PlainSmtp_DeliversHtmlAndTextToEveryRecipient()
    {
        var received = Received();
        var message = new AlertMessage("Robot R1 offline", ["<script>alert(1)</script> & more", "Last seen 08:05"], AlertSeverity.Critical,
            new Uri("http://127.0.0.1:5000/robots/7?tab=log&range=1h"),
            [new AlertMessageItem("Run <42> failed", AlertSeverity.Warning, new Uri("http://127.0.0.1:5000/runs/42"))], "en");

        var delivery = await SendAsync(Target(_smtp.Configuration.Port), message);

        Assert.True(delivery.Delivered, delivery.Answer);
        Assert.Equal(250, delivery.Status);
        Assert.False(delivery.Retry);
        var email = await received;
        Assert.Equal("alerts@workbench.test", email.FromAddress.Address);
        Assert.Equal(["ops@example.test", "lead@example.test"], email.ToAddresses.Select(a => a.Address));
        var mail = Parse(email);
        Assert.Equal("[Critical] Robot R1 offline", mail.Subject);
        Assert.Equal(["ops@example.test", "lead@example.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 20, 0, TimeSpan.Zero), mail.Date);
        var html = mail.HtmlBody!;
        Assert.Contains("<h2 style=\"margin:0 0 8px\">Robot R1 offline</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<p style=\"margin:4px 0\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<li><a href=\"http://127.0.0.1:5000/runs/42\">Run &lt;42&gt; failed</a> (Warning)</li>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"http://127.0.0.1:5000/robots/7?tab=log&amp;range=1h\"", html, StringComparison.Ordinal);
        Assert.Contains(">Open in Workbench</a>", html, StringComparison.Ordinal);
        Assert.Equal(
            "Robot R1 offline\nSeverity: Critical\n\n<script>alert(1)</script> & more\nLast seen 08:05\n- Run <42> failed (Warning) http://127.0.0.1:5000/runs/42\n\nOpen in Workbench: http://127.0.0.1:5000/robots/7?tab=log&range=1h\n",
            mail.TextBody!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Send_ChineseMessageWithSignIn_SubjectAndBodiesInChinese()
    {
        var received = Received();
        var message = new AlertMessage("任务连续失败 3 次：日报下载", ["账号 a01"], AlertSeverity.Warning, null, [], "zh-CN");

        var delivery = await SendAsync(Target(_smtp.Configuration.Port) with { UserName = "alerts", Password = Password }, message);

        Assert.True(delivery.Delivered, delivery.Answer);
        var mail = Parse(await received);
        Assert.Equal("[警告] 任务连续失败 3 次：日报下载", mail.Subject);
        Assert.Contains("<strong>级别:</strong> 警告", mail.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("在 Workbench 中打开", mail.HtmlBody!, StringComparison.Ordinal);
        Assert.StartsWith("任务连续失败 3 次：日报下载\n级别: 警告\n\n账号 a01\n", mail.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_StartTlsToAServerWithoutIt_IsRefusedForGoodWithoutSending()
    {
        var delivery = await SendAsync(Target(_smtp.Configuration.Port) with { Security = SmtpSecurity.StartTls }, Simple());

        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retry);
        Assert.Contains("STARTTLS", delivery.Answer, StringComparison.Ordinal);
        Assert.Equal(0, _smtp.ReceivedEmailCount);
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpSecurity.Tls, SecureSocketOptions.SslOnConnect)]
    [InlineData(SmtpSecurity.None, SecureSocketOptions.None)]
    public void SocketOptions_EachSecurity_MapsToMailKitsOption(SmtpSecurity security, SecureSocketOptions expected) =>
        Assert.Equal(expected, EmailSender.SocketOptions(security));

    [Fact]
    public async Task Send_NothingListening_IsRetried()
    {
        var delivery = await SendAsync(Target(ChannelSendersHost.ClosedPort()) with { UserName = "alerts", Password = Password }, Simple());

        Assert.False(delivery.Delivered);
        Assert.Null(delivery.Status);
        Assert.True(delivery.Retry);
        Assert.StartsWith("127.0.0.1:", delivery.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RecipientRejected_IsPermanent()
    {
        await using var server = new ScriptedSmtpServer("550 5.1.1 <ops@example.test>: Recipient address rejected: User unknown");

        var delivery = await SendAsync(Target(server.Port), Simple());

        Assert.Equal(new AlertDelivery(false, 550, "550 5.1.1 <ops@example.test>: Recipient address rejected: User unknown", false), delivery);
    }

    [Fact]
    public async Task Send_Greylisted_IsRetried()
    {
        await using var server = new ScriptedSmtpServer("451 4.7.1 Greylisted, please try again later");

        var delivery = await SendAsync(Target(server.Port), Simple());

        Assert.Equal(new AlertDelivery(false, 451, "451 4.7.1 Greylisted, please try again later", true), delivery);
    }

    [Fact]
    public async Task Send_SignInRefusedByAServerEchoingIt_IsPermanentAndHidesThePassword()
    {
        await using var server = new ScriptedSmtpServer("250 2.1.5 Ok", authReply: "535 5.7.8 Authentication failed for {credentials}");

        var delivery = await SendAsync(Target(server.Port) with { UserName = "alerts", Password = Password }, Simple());

        Assert.Equal(new AlertDelivery(false, 535, "535 5.7.8 Authentication failed for alerts ***", false), delivery);
        Assert.Contains(server.Commands, c => c.StartsWith("AUTH PLAIN", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("RCPT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_MalformedSenderAddress_IsRefusedForGood()
    {
        var delivery = await SendAsync(Target(_smtp.Configuration.Port) with { From = "not an address <" }, Simple());

        Assert.False(delivery.Delivered);
        Assert.False(delivery.Retry);
        Assert.Null(delivery.Status);
    }

    private static SmtpTarget Target(int port) =>
        new("127.0.0.1", port, SmtpSecurity.None, null, null, "alerts@workbench.test", ["ops@example.test", "lead@example.test"]);

    private static AlertMessage Simple() => new("Task failed", ["Daily report"], AlertSeverity.Warning, null, [], "en");

    private Task<AlertDelivery> SendAsync(SmtpTarget smtp, AlertMessage message) => _host.Sender(AlertChannelKind.Email).SendAsync(
        new AlertChannelTarget(AlertChannelKind.Email, null, null, smtp), message, TestContext.Current.CancellationToken);

    // The raw message netDumbster received, read back with MimeKit to reach the decoded subject and both bodies.
    private static MimeMessage Parse(SmtpMessage email) =>
        MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(email.Data)), TestContext.Current.CancellationToken);

    // netDumbster raises MessageReceived once it holds the whole message: the positive signal to read it.
    private Task<SmtpMessage> Received()
    {
        var received = new TaskCompletionSource<SmtpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _smtp.MessageReceived += (_, args) => received.TrySetResult(args.Message);
        return received.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
