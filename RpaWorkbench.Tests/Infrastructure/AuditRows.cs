using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Reads what the audit trail stored, oldest first, straight from the database.</summary>
public static class AuditRows
{
    public static async Task<List<AuditEntry>> AllAsync(Func<Task<WorkbenchDbContext>> contexts)
    {
        await using var db = await contexts();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The changed fields of an entry as (field, before, after).</summary>
    public static List<(string Field, string? Before, string? After)> Changes(this AuditEntry entry) =>
        AuditChanges.Parse(entry.Changes).Select(c => (c.Field, c.Before, c.After)).ToList();
}
