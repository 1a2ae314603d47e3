using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const int MaxActorLength = 128;
    public const int MaxTargetNameLength = 400;

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.Actor).HasMaxLength(MaxActorLength);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.TargetType).HasMaxLength(32);
        builder.Property(e => e.TargetId).HasMaxLength(64);
        builder.Property(e => e.TargetName).HasMaxLength(MaxTargetNameLength);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        // The page and the export read newest first over a time range; people's actions are few, so one index is enough.
        builder.HasIndex(e => e.AtUtc);
    }
}
