using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Alerts;

internal sealed class AlertChannelConfiguration : IEntityTypeConfiguration<AlertChannel>
{
    public void Configure(EntityTypeBuilder<AlertChannel> builder)
    {
        builder.ToTable("AlertChannels");
        builder.Property(c => c.Name).HasMaxLength(AlertChannel.MaxNameLength);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasConversion<SnakeCaseEnumConverter<AlertChannelKind>>().HasMaxLength(16);
        builder.Property(c => c.Culture).HasMaxLength(8);
        builder.Property(c => c.UrlHint).HasMaxLength(AlertChannel.MaxUrlHintLength);
        builder.Property(c => c.SmtpHost).HasMaxLength(255);
        builder.Property(c => c.SmtpSecurity).HasConversion<SnakeCaseEnumConverter<SmtpSecurity>>().HasMaxLength(16);
        builder.Property(c => c.SmtpUserName).HasMaxLength(255);
        builder.Property(c => c.SmtpFrom).HasMaxLength(320);
        builder.Property(c => c.SmtpTo).HasConversion(JsonColumn<IReadOnlyList<string>>.Converter, JsonColumn<IReadOnlyList<string>>.Comparer);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("AlertRules");
        builder.Property(r => r.Name).HasMaxLength(AlertRule.MaxNameLength);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.Kind).HasConversion<SnakeCaseEnumConverter<AlertRuleKind>>().HasMaxLength(32);
        builder.Property(r => r.Severity).HasConversion<SnakeCaseEnumConverter<AlertSeverity>>().HasMaxLength(16);
        builder.Property(r => r.GroupBy).HasConversion<SnakeCaseEnumConverter<AlertGroupBy>>().HasMaxLength(16);
        builder.Property(r => r.AppName).HasMaxLength(200);
        builder.Property(r => r.ChannelIds).HasConversion(JsonColumn<IReadOnlyList<long>>.Converter, JsonColumn<IReadOnlyList<long>>.Comparer);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // A rule scoped to a robot, group or task goes with it.
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RobotGroup>().WithMany().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RobotTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("Alerts");
        builder.Property(a => a.RuleName).HasMaxLength(AlertRule.MaxNameLength);
        builder.Property(a => a.Kind).HasConversion<SnakeCaseEnumConverter<AlertRuleKind>>().HasMaxLength(32);
        builder.Property(a => a.Severity).HasConversion<SnakeCaseEnumConverter<AlertSeverity>>().HasMaxLength(16);
        builder.Property(a => a.SubjectKey).HasMaxLength(Alert.MaxSubjectKeyLength);
        builder.Property(a => a.State).HasConversion<SnakeCaseEnumConverter<AlertState>>().HasMaxLength(16);
        builder.Property(a => a.OpenKey).HasMaxLength(Alert.MaxSubjectKeyLength + 24);
        builder.HasIndex(a => a.OpenKey).IsUnique();
        builder.Property(a => a.TextEn).HasConversion(JsonColumn<AlertText>.Converter, JsonColumn<AlertText>.Comparer);
        builder.Property(a => a.TextZh).HasConversion(JsonColumn<AlertText>.Converter, JsonColumn<AlertText>.Comparer);
        builder.Property(a => a.LinkPath).HasMaxLength(500);
        builder.Property(a => a.Version).IsConcurrencyToken();

        // The history newest first; a rule's alerts about one subject (de-duplication of occurrences).
        builder.HasIndex(a => a.FiredAt);
        builder.HasIndex(a => new { a.RuleId, a.SubjectKey, a.LastSeenAt });
        builder.HasOne(a => a.Rule).WithMany().HasForeignKey(a => a.RuleId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class AlertNotificationConfiguration : IEntityTypeConfiguration<AlertNotification>
{
    public void Configure(EntityTypeBuilder<AlertNotification> builder)
    {
        builder.ToTable("AlertNotifications");
        builder.Property(n => n.ChannelName).HasMaxLength(AlertChannel.MaxNameLength);
        builder.Property(n => n.Purpose).HasConversion<SnakeCaseEnumConverter<AlertNotificationPurpose>>().HasMaxLength(16);
        builder.Property(n => n.State).HasConversion<SnakeCaseEnumConverter<AlertNotificationState>>().HasMaxLength(16);
        builder.Property(n => n.Message).HasConversion(JsonColumn<AlertMessage>.Converter, JsonColumn<AlertMessage>.Comparer);
        builder.Property(n => n.Answer).HasMaxLength(AlertDelivery.MaxAnswerLength);
        builder.Property(n => n.Version).IsConcurrencyToken();

        // The outbox's due rows; a channel's recent sends (its rate limit); an alert's messages; the history.
        builder.HasIndex(n => new { n.State, n.NextAttemptAt });
        builder.HasIndex(n => new { n.ChannelId, n.SentAt });
        builder.HasIndex(n => n.AlertId);
        builder.HasIndex(n => n.CreatedAt);
        builder.HasOne(n => n.Alert).WithMany().HasForeignKey(n => n.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Channel).WithMany().HasForeignKey(n => n.ChannelId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AlertNotification>().WithMany().HasForeignKey(n => n.DigestId).OnDelete(DeleteBehavior.SetNull);
    }
}
