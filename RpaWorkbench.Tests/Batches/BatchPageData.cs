using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Tests.Batches;

/// <summary>
/// Batches for page tests, made through the real services: a task with an order number (required text) and an amount
/// (decimal) parameter, batches uploaded as CSV, and item states set in the database as the dispatcher would leave them.
/// </summary>
public sealed class BatchPageData(IServiceProvider services)
{
    public const string OrderColumn = "订单号";
    public const string AmountColumn = "金额";

    private BatchService Batches => services.GetRequiredService<BatchService>();

    /// <summary>A CSV sheet of the test task with one line per row (order number, amount).</summary>
    public static string Sheet(params (string Order, string Amount)[] rows) =>
        $"{OrderColumn},{AmountColumn}\n" + string.Concat(rows.Select(r => $"{r.Order},{r.Amount}\n"));

    public async Task<TaskRow> TaskAsync(string name, CancellationToken ct)
    {
        var account = await services.GetRequiredService<AccountService>().CreateAsync(new AccountInput($"acct-{name}", "10.0.0.1", 8080), ct);
        return await services.GetRequiredService<TaskService>().CreateAsync(new TaskInput(name, account.Id, "订单录入")
        {
            Parameters =
            [
                new TaskParameter(OrderColumn, TaskParameterType.Text) { Required = true, MaxLength = 20 },
                new TaskParameter(AmountColumn, TaskParameterType.Decimal),
            ],
        }, ct);
    }

    /// <summary>A batch of <paramref name="rows"/> on <paramref name="task"/>, created as an upload would create it.</summary>
    public async Task<BatchDetail> BatchAsync(TaskRow task, string name, int rows, CancellationToken ct)
    {
        var sheet = Sheet([.. Enumerable.Range(1, rows).Select(i => ($"SO-{i:000}", $"{i}.50"))]);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(sheet));
        var result = await Batches.CreateAsync(new BatchUpload(task.Id, "orders.csv", content) { Name = name }, ct);
        return result.Batch ?? throw new InvalidOperationException("The sheet was refused: " + string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    /// <summary>Leaves the item of sheet row <paramref name="row"/> in <paramref name="state"/>, as the dispatcher would.</summary>
    public async Task SetItemAsync(long batchId, int row, BatchItemState state, DateTime startedAt, string? error = null, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(ct);
        DateTime? endedAt = state is BatchItemState.Successful or BatchItemState.Failed or BatchItemState.Abandoned or BatchItemState.Cancelled
            ? startedAt.AddSeconds(30)
            : null;
        await db.BatchItems.Where(i => i.BatchId == batchId && i.RowNumber == row).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.State, state)
            .SetProperty(i => i.Attempts, 1)
            .SetProperty(i => i.RunId, i => i.RunKey + "-1")
            .SetProperty(i => i.LastError, error)
            .SetProperty(i => i.StartedAt, startedAt)
            .SetProperty(i => i.EndedAt, endedAt), ct);
    }
}
