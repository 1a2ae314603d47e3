using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Delivery;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// The Core on a real SQLite file with a fake clock, its <see cref="AlertOutbox"/> driven pass by pass, and channels
/// stored as an admin would (secrets encrypted) pointing at loopback fakes. Alerts and their outbox rows are written
/// straight into the database, as <see cref="AlertRaiser"/> commits them. One per test.
/// </summary>
internal sealed class OutboxBed : IAsyncDisposable
{
    private OutboxBed(CoreTestHost host) => Host = host;

    public CoreTestHost Host { get; }

    public TestClock Clock => Host.Clock;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="keys">The key ring channel secrets are encrypted with; by default one in memory shared by every host of the bed (<see cref="CoreTestHost.OnTheSameDatabase"/>), as instances sharing their keys folder have.</param>
    public static async Task<OutboxBed> StartAsync(IDataProtectionProvider? keys = null)
    {
        keys ??= new EphemeralDataProtectionProvider();
        var host = new CoreTestHost(DatabaseProvider.Sqlite, null, services => services.AddSingleton<IDataProtectionProvider>(keys));
        return new OutboxBed(await host.MigrateAsync());
    }

    public AlertOutbox Outbox(CoreTestHost? host = null) => (host ?? Host).Get<AlertOutbox>();

    public Task<AlertOutboxPass> PassAsync() => Outbox().PassAsync(Ct);

    /// <summary>A channel of <paramref name="kind"/> posting to <paramref name="url"/>, its URL and secret encrypted as the channel pages store them.</summary>
    public async Task<AlertChannel> AddChannelAsync(string name, AlertChannelKind kind, Uri url, string? secret = null, string culture = "zh-CN")
    {
        var secrets = Host.Get<AlertChannelSecrets>();
        var channel = new AlertChannel
        {
            Name = name,
            Kind = kind,
            Culture = culture,
            UrlProtected = secrets.Protect(url.AbsoluteUri),
            UrlHint = url.GetLeftPart(UriPartial.Path),
            SecretProtected = secret is null ? null : secrets.Protect(secret),
            CreatedBy = "admin",
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        await using var db = await Host.CreateDbContextAsync();
        db.AlertChannels.Add(channel);
        await db.SaveChangesAsync(Ct);
        return channel;
    }

    /// <summary>
    /// <paramref name="count"/> alerts titled <c>{prefix} 1</c>… each with one message to <paramref name="channel"/>,
    /// pending now, or held until <paramref name="heldUntil"/> (quiet hours); returns the titles in order.
    /// </summary>
    public async Task<List<string>> AddAlertsAsync(AlertChannel channel, int count, string prefix = "日报下载失败", DateTime? heldUntil = null)
    {
        var titles = Enumerable.Range(1, count).Select(i => $"{prefix} {i}").ToList();
        await using var db = await Host.CreateDbContextAsync();
        foreach (var title in titles)
        {
            var alert = new Alert
            {
                RuleName = "连续失败",
                Kind = AlertRuleKind.RunFailed,
                Severity = AlertSeverity.Warning,
                SubjectKey = $"task:{title}",
                State = AlertState.Occurred,
                TextEn = new AlertText(title, []),
                TextZh = new AlertText(title, []),
                LinkPath = "/logs",
                FiredAt = Now,
                LastSeenAt = Now,
            };
            db.AlertNotifications.Add(new AlertNotification
            {
                Alert = alert,
                ChannelId = channel.Id,
                ChannelName = channel.Name,
                Purpose = AlertNotificationPurpose.Firing,
                State = heldUntil is null ? AlertNotificationState.Pending : AlertNotificationState.Held,
                Message = new AlertMessage(title, ["任务：日报下载"], AlertSeverity.Warning, new Uri("http://127.0.0.1:5000/logs"), [], channel.Culture),
                NextAttemptAt = heldUntil ?? Now,
                CreatedAt = Now,
            });
            // One at a time, so the rows' order is the titles' order.
            await db.SaveChangesAsync(Ct);
        }

        return titles;
    }

    public Task<List<AlertNotification>> RowsAsync() =>
        Host.ReadAsync(db => db.AlertNotifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync(Ct));

    public async Task<AlertNotification> RowAsync(long id) => (await RowsAsync()).Single(n => n.Id == id);

    public async Task UpdateAsync(Func<WorkbenchDbContext, Task> change)
    {
        await using var db = await Host.CreateDbContextAsync();
        await change(db);
    }

    /// <summary>The titles of the DingTalk messages <paramref name="chat"/> received, in order, without the severity's emoji.</summary>
    public static List<string> DingTalkTitles(ChatFakeRobots chat) => [.. chat.Requests.Select(r => ((string)r.Body["markdown"]!["title"]!)[3..])];

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
