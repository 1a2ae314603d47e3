using System.Security.Cryptography;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>
/// Alert channels: any signed-in role may list them (secrets are never returned, only <see cref="AlertChannelView.UrlHint"/>
/// and whether a secret is set); only admins create, edit, delete and test them (<see cref="Permissions"/>). Secrets are
/// stored encrypted (<see cref="AlertChannelSecrets"/>); changes are audited without them.
/// </summary>
public sealed class AlertChannelService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    ICurrentUser user,
    AuditTrail audit,
    AlertChannelSecrets secrets,
    AlertRaiser raiser,
    IEnumerable<IAlertChannelSender> senders,
    IWorkbenchEvents events)
{
    /// <summary>The page of the alert channels list where this channel is managed.</summary>
    public const string PagePath = "alerts/channels";

    /// <summary>Every channel, by name, with how its last send went.</summary>
    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db, db.AlertChannels.AsNoTracking().OrderBy(c => c.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>The channel with this id, or null.</summary>
    public async Task<AlertChannelView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db, db.AlertChannels.AsNoTracking().Where(c => c.Id == id)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Creates a channel; refuses invalid input (naming each field) and a taken name.</summary>
    public async Task<AlertChannelView> CreateAsync(AlertChannelInput input, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        var kind = Validate(input, stored: null);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = input.Name!.Trim();
        await EnsureUniqueAsync(db, name, exceptId: null, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var channel = new AlertChannel { Name = name, CreatedBy = audit.ActorName(), CreatedAt = now, UpdatedAt = now };
        Apply(channel, input, kind);

        // The entry names the new id, so the channel is inserted first; the transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AlertChannels.Add(channel);
        await SaveAsync(db, cancellationToken);
        audit.Record(db, AuditActions.AlertChannelCreated, Target(channel), Changes(null, Snapshot.Of(channel)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(channel.Id, cancellationToken))!;
    }

    /// <summary>Edits a channel: a secret left empty keeps the stored one, a clear flag removes it; refuses stale edits and a taken name.</summary>
    public async Task<AlertChannelView> UpdateAsync(long id, AlertChannelInput input, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await FindAsync(db, id, input.Version, cancellationToken);
        var kind = Validate(input, channel);
        var name = input.Name!.Trim();
        await EnsureUniqueAsync(db, name, exceptId: id, cancellationToken);
        return await EditAsync(db, channel, c =>
        {
            c.Name = name;
            Apply(c, input, kind);
        }, cancellationToken);
    }

    /// <summary>Turns a channel on or off (an off channel is skipped by rules); refuses a stale edit.</summary>
    public async Task<AlertChannelView> SetEnabledAsync(long id, bool enabled, int? version, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await FindAsync(db, id, version, cancellationToken);
        return await EditAsync(db, channel, c => c.Enabled = enabled, cancellationToken);
    }

    /// <summary>Deletes a channel and takes it out of every rule that sends to it, in one transaction; its delivery history stays.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);

        // Channel ids are a JSON column: the (few) rules are filtered here rather than in SQL.
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rule in (await db.AlertRules.ToListAsync(cancellationToken)).Where(r => r.ChannelIds.Contains(id)))
        {
            rule.ChannelIds = rule.ChannelIds.Where(c => c != id).ToList();
            rule.UpdatedAt = now;
            rule.Version++;
        }

        audit.Record(db, AuditActions.AlertChannelDeleted, Target(channel), Changes(Snapshot.Of(channel), null));
        db.AlertChannels.Remove(channel);
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a test message through the channel now (enabled or not), records it in the delivery history and returns
    /// how it went: delivered, or the status and the channel's answer.
    /// </summary>
    public async Task<AlertDelivery> SendTestAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.AlertChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
        var message = AlertTestMessage.For(channel, audit.ActorName(), raiser.LinkTo(PagePath), clock.GetUtcNow().UtcDateTime);
        var delivery = await SendAsync(channel, message, cancellationToken);

        var sentAt = clock.GetUtcNow().UtcDateTime;
        db.AlertNotifications.Add(new AlertNotification
        {
            ChannelId = channel.Id,
            ChannelName = channel.Name,
            Purpose = AlertNotificationPurpose.Test,
            State = delivery.Delivered ? AlertNotificationState.Delivered : AlertNotificationState.Failed,
            Message = message,
            Attempts = 1,
            NextAttemptAt = sentAt,
            Status = delivery.Status,
            Answer = Cut(delivery.Answer),
            CreatedAt = sentAt,
            SentAt = sentAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        events.Publish([new AlertChanged(null)]);
        return delivery;
    }

    private async Task<AlertDelivery> SendAsync(AlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        AlertChannelTarget target;
        try
        {
            target = AlertChannelTargets.Of(channel, secrets);
        }
        catch (CryptographicException)
        {
            return new AlertDelivery(false, null, "The channel's secrets can no longer be decrypted (the key ring that encrypted them is gone); enter them again.", Retry: false);
        }

        return await senders.Single(s => s.Kind == channel.Kind).SendAsync(target, message, cancellationToken);
    }

    /// <summary>The kind the channel will have; throws every field error at once.</summary>
    private static AlertChannelKind Validate(AlertChannelInput input, AlertChannel? stored)
    {
        var errors = new List<FieldError>();
        if (AlertChannelRules.CheckName(input.Name) is { } name)
        {
            errors.Add(name);
        }

        var kind = input.Kind ?? stored?.Kind;
        if (kind is null)
        {
            errors.Add(new FieldError(AlertChannelRules.KindField, ErrorCodes.Required, "Kind is required."));
        }

        if (input.Culture is { } culture && !AlertChannelRules.Cultures.Contains(culture))
        {
            errors.Add(new FieldError(AlertChannelRules.CultureField, ErrorCodes.InvalidValue, "Culture must be zh-CN or en."));
        }

        if (kind == AlertChannelKind.Email)
        {
            errors.AddRange(AlertChannelRules.CheckSmtp(input));
        }
        else if (kind is { } webhookKind)
        {
            // An empty URL keeps the stored one, which suits only the kind it was checked for.
            var keepsUrl = string.IsNullOrWhiteSpace(input.Url) && stored is { UrlProtected: not null } && stored.Kind == webhookKind;
            if (string.IsNullOrWhiteSpace(input.Url) && !keepsUrl)
            {
                errors.Add(new FieldError(AlertChannelRules.UrlField, ErrorCodes.Required, "The webhook URL is required."));
            }
            else if (!keepsUrl && AlertChannelRules.CheckUrl(webhookKind, input.Url) is { } url)
            {
                errors.Add(url);
            }
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : kind!.Value;
    }

    private void Apply(AlertChannel channel, AlertChannelInput input, AlertChannelKind kind)
    {
        var wasKind = channel.Kind;
        channel.Kind = kind;
        channel.Culture = input.Culture ?? channel.Culture;
        channel.Enabled = input.Enabled ?? channel.Enabled;
        if (kind == AlertChannelKind.Email)
        {
            (channel.UrlProtected, channel.UrlHint, channel.SecretProtected) = (null, null, null);
            channel.SmtpHost = input.SmtpHost!.Trim();
            channel.SmtpPort = input.SmtpPort;
            channel.SmtpSecurity = input.SmtpSecurity ?? SmtpSecurity.StartTls;
            channel.SmtpUserName = Blank(input.SmtpUserName);
            channel.SmtpPasswordProtected = Kept(wasKind == kind ? channel.SmtpPasswordProtected : null, input.SmtpPassword, input.ClearSmtpPassword);
            channel.SmtpFrom = input.SmtpFrom!.Trim();
            channel.SmtpTo = AlertChannelRules.Recipients(input.SmtpTo);
            return;
        }

        if (!string.IsNullOrWhiteSpace(input.Url))
        {
            var url = input.Url.Trim();
            channel.UrlProtected = secrets.Protect(url);
            channel.UrlHint = AlertChannelRules.HintOf(kind, new Uri(url));
        }

        var signs = kind is AlertChannelKind.DingTalk or AlertChannelKind.Feishu or AlertChannelKind.Webhook;
        channel.SecretProtected = signs ? Kept(wasKind == kind ? channel.SecretProtected : null, input.Secret, input.ClearSecret) : null;
        (channel.SmtpHost, channel.SmtpPort, channel.SmtpSecurity, channel.SmtpUserName) = (null, null, null, null);
        (channel.SmtpPasswordProtected, channel.SmtpFrom, channel.SmtpTo) = (null, null, []);
    }

    /// <summary>A new secret when one is typed, none when cleared, else the stored one.</summary>
    private string? Kept(string? stored, string? typed, bool clear) =>
        !string.IsNullOrEmpty(typed) ? secrets.Protect(typed) : clear ? null : stored;

    private static async Task<AlertChannel> FindAsync(WorkbenchDbContext db, long id, int? version, CancellationToken cancellationToken)
    {
        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw NotFound(id);
        return version is { } edited && edited != channel.Version ? throw ConcurrencyConflict() : channel;
    }

    private async Task<AlertChannelView> EditAsync(WorkbenchDbContext db, AlertChannel channel, Action<AlertChannel> edit, CancellationToken cancellationToken)
    {
        var before = Snapshot.Of(channel);
        edit(channel);
        var changes = Changes(before, Snapshot.Of(channel));
        if (!changes.IsEmpty)
        {
            channel.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            channel.Version++;
            audit.Record(db, AuditActions.AlertChannelUpdated, Target(channel), changes);
        }

        await SaveAsync(db, cancellationToken);
        return (await GetAsync(channel.Id, cancellationToken))!;
    }

    private static async Task EnsureUniqueAsync(WorkbenchDbContext db, string name, long? exceptId, CancellationToken cancellationToken)
    {
        if (await db.AlertChannels.AnyAsync(c => c.Name == name && c.Id != exceptId, cancellationToken))
        {
            throw Duplicate();
        }
    }

    private static IQueryable<AlertChannelView> Project(WorkbenchDbContext db, IQueryable<AlertChannel> channels) =>
        channels.Select(c => new AlertChannelView(
            c.Id, c.Name, c.Kind, c.Culture, c.Enabled, c.UrlHint, c.SecretProtected != null,
            c.SmtpHost, c.SmtpPort, c.SmtpSecurity, c.SmtpUserName, c.SmtpPasswordProtected != null, c.SmtpFrom, c.SmtpTo,
            db.AlertNotifications.Where(n => n.ChannelId == c.Id && n.SentAt != null).OrderByDescending(n => n.SentAt).ThenByDescending(n => n.Id)
                .Select(n => (AlertNotificationState?)n.State).FirstOrDefault(),
            db.AlertNotifications.Where(n => n.ChannelId == c.Id && n.SentAt != null).Max(n => n.SentAt),
            c.CreatedAt, c.UpdatedAt, c.Version));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Cut(string answer) => answer.Length <= AlertDelivery.MaxAnswerLength ? answer : answer[..AlertDelivery.MaxAnswerLength];

    private static Task SaveAsync(WorkbenchDbContext db, CancellationToken cancellationToken) =>
        DbErrors.SaveAsync(db, ConcurrencyConflict, Duplicate, cancellationToken);

    private static AuditTarget Target(AlertChannel channel) =>
        new(AuditTargetTypes.AlertChannel, channel.Id.ToString(CultureInfo.InvariantCulture), channel.Name);

    private static AuditChanges Changes(Snapshot? before, Snapshot? after) => new AuditChanges()
        .Field(AlertChannelRules.NameField, before?.Name, after?.Name)
        .Field(AlertChannelRules.KindField, before?.Kind, after?.Kind)
        .Field(AlertChannelRules.CultureField, before?.Culture, after?.Culture)
        .Field("enabled", before?.Enabled, after?.Enabled)
        .Field("url_hint", before?.UrlHint, after?.UrlHint)
        .SecretField(AlertChannelRules.UrlField, before?.Url, after?.Url)
        .SecretField("secret", before?.Secret, after?.Secret)
        .Field(AlertChannelRules.SmtpHostField, before?.SmtpHost, after?.SmtpHost)
        .Field(AlertChannelRules.SmtpPortField, before?.SmtpPort, after?.SmtpPort)
        .Field("smtp_security", before?.SmtpSecurity, after?.SmtpSecurity)
        .Field("smtp_user_name", before?.SmtpUserName, after?.SmtpUserName)
        .SecretField("smtp_password", before?.SmtpPassword, after?.SmtpPassword)
        .Field(AlertChannelRules.SmtpFromField, before?.SmtpFrom, after?.SmtpFrom)
        .Field(AlertChannelRules.SmtpToField, before?.SmtpTo, after?.SmtpTo);

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Alert channel {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "Someone else changed this alert channel after you opened it; reload and try again.");

    private static ValidationFailedException Duplicate() =>
        new([new FieldError(AlertChannelRules.NameField, AlertChannelErrorCodes.DuplicateName, "An alert channel with this name already exists.")]);

    /// <summary>The audited state. Secrets are held as their ciphertext only to tell set, replaced and cleared apart; never written.</summary>
    private sealed record Snapshot(
        string Name, AlertChannelKind Kind, string Culture, bool Enabled, string? UrlHint, string? Url, string? Secret,
        string? SmtpHost, int? SmtpPort, SmtpSecurity? SmtpSecurity, string? SmtpUserName, string? SmtpPassword, string? SmtpFrom, string SmtpTo)
    {
        public static Snapshot Of(AlertChannel c) => new(
            c.Name, c.Kind, c.Culture, c.Enabled, c.UrlHint, c.UrlProtected, c.SecretProtected,
            c.SmtpHost, c.SmtpPort, c.SmtpSecurity, c.SmtpUserName, c.SmtpPasswordProtected, c.SmtpFrom, string.Join(", ", c.SmtpTo));
    }
}

internal static class SecretAuditChanges
{
    /// <summary>Records that a secret was set, replaced or cleared — from its ciphertexts, without writing them.</summary>
    public static AuditChanges SecretField(this AuditChanges changes, string field, string? before, string? after) =>
        before == after ? changes
            : changes.Field(field, before is null ? null : "set", after is null ? null : before is null ? "set" : "replaced");
}
