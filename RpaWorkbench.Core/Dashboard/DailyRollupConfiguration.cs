using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Dashboard;

internal sealed class DailyRollupConfiguration : IEntityTypeConfiguration<DailyRollup>
{
    public void Configure(EntityTypeBuilder<DailyRollup> builder)
    {
        // The dashboard reads a day range: the key leads with the day.
        builder.HasKey(r => new { r.Day, r.ShadowBotAccount, r.AppName });
        builder.Property(r => r.ShadowBotAccount).HasMaxLength(64);
        builder.Property(r => r.AppName).HasMaxLength(200);
    }
}

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupState>
{
    public void Configure(EntityTypeBuilder<RollupState> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.TimeZone).HasMaxLength(100);
    }
}

internal sealed class FailureRollupConfiguration : IEntityTypeConfiguration<FailureRollup>
{
    public void Configure(EntityTypeBuilder<FailureRollup> builder)
    {
        // Day first, as for the daily roll-up. The index covers the top-messages query (a range of days grouped by
        // message, optionally one account or app), so it reads no table rows: SQLite, without statistics, picks it
        // for every filter, and a narrower one cost a row lookup per roll-up row of the range.
        builder.HasKey(r => new { r.Day, r.ShadowBotAccount, r.AppName, r.MessageHash });
        builder.HasIndex(r => new { r.Day, r.MessageHash, r.Count, r.ShadowBotAccount, r.AppName });
        builder.Property(r => r.ShadowBotAccount).HasMaxLength(64);
        builder.Property(r => r.AppName).HasMaxLength(200);
    }
}

internal sealed class FailureMessageConfiguration : IEntityTypeConfiguration<FailureMessage>
{
    public void Configure(EntityTypeBuilder<FailureMessage> builder)
    {
        builder.HasKey(m => m.MessageHash);
        builder.Property(m => m.MessageHash).ValueGeneratedNever();
    }
}
