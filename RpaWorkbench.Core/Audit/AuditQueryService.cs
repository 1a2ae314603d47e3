using System.Runtime.CompilerServices;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Audit;

/// <summary>Reads the audit trail for the audit page and its CSV export; admins only.</summary>
public sealed class AuditQueryService(IDbContextFactory<WorkbenchDbContext> contexts, OperatorTime time, ICurrentUser user)
{
    /// <summary>One page of entries matching the query, newest first, with the number of matches.</summary>
    public async Task<PageResult<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        user.RequireAdminister();
        var filter = ToFilter(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = filter(db.AuditEntries.AsNoTracking());
        var total = await entries.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        var items = await Project(Newest(entries))
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PageResult<AuditRow>(items, total);
    }

    /// <summary>
    /// Every entry matching the query, newest first, read as it is consumed (for exports). Permission and input are
    /// checked now, before anything is written to the caller.
    /// </summary>
    public IAsyncEnumerable<AuditRow> StreamAsync(AuditQuery query)
    {
        user.RequireAdminister();
        return ReadAsync(ToFilter(query));
    }

    private async IAsyncEnumerable<AuditRow> ReadAsync(Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Project(Newest(filter(db.AuditEntries.AsNoTracking()))).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    // Checks the query and turns it into a filter: operator days become a UTC range [from 00:00, day after "to" 00:00).
    private Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> ToFilter(AuditQuery query)
    {
        var errors = new List<FieldError>();
        if (query.From is { } from && query.To is { } to && to < from)
        {
            errors.Add(new FieldError(AuditQuery.ToField, ErrorCodes.EndBeforeStart, "The end date is before the start date."));
        }

        foreach (var (field, value) in new[] { (AuditQuery.ActorField, query.Actor), (AuditQuery.ActionField, query.Action), (AuditQuery.TargetTypeField, query.TargetType), (AuditQuery.TargetField, query.Target) })
        {
            if (value?.Length > AuditQuery.MaxTextLength)
            {
                errors.Add(new FieldError(field, ErrorCodes.TooLong, $"At most {AuditQuery.MaxTextLength} characters.", AuditQuery.MaxTextLength));
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var fromUtc = query.From is { } start ? time.ToUtc(start.ToDateTime(TimeOnly.MinValue)) : (DateTime?)null;
        var untilUtc = query.To is { } end ? time.ToUtc(end.AddDays(1).ToDateTime(TimeOnly.MinValue)) : (DateTime?)null;
        return entries => Filter(entries, query, fromUtc, untilUtc);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query, DateTime? fromUtc, DateTime? untilUtc)
    {
        if (fromUtc is { } from)
        {
            entries = entries.Where(e => e.AtUtc >= from);
        }

        if (untilUtc is { } until)
        {
            entries = entries.Where(e => e.AtUtc < until);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var pattern = LikePattern.Contains(query.Actor.Trim());
            entries = entries.Where(e => EF.Functions.Like(SqlText.Lower(e.Actor), pattern, LikePattern.Escape));
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.TargetType))
        {
            var type = query.TargetType.Trim();
            entries = entries.Where(e => e.TargetType == type);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var pattern = LikePattern.Contains(query.Target.Trim());
            entries = entries.Where(e => EF.Functions.Like(SqlText.Lower(e.TargetName), pattern, LikePattern.Escape)
                                      || EF.Functions.Like(SqlText.Lower(e.TargetId), pattern, LikePattern.Escape));
        }

        return entries;
    }

    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> entries) =>
        entries.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id);

    private static IQueryable<AuditRow> Project(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new AuditRow(e.Id, e.AtUtc, e.Actor, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Changes, e.ClientAddress));
}
