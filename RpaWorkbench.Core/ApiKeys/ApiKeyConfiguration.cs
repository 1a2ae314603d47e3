using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaWorkbench.Core.ApiKeys;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public const int MaxScopeLength = 16;

    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(ApiKeyService.MaxNameLength);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(128);
        // Keys stored before scopes existed were robot keys; the column default makes them so.
        builder.Property(k => k.Scope).HasMaxLength(MaxScopeLength).HasDefaultValue(ApiKeyScopes.Robot);
        builder.Property(k => k.OwnerId).HasMaxLength(450);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.OwnerId);
    }
}
