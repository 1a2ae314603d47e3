using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Tests.Batches;

/// <summary>Creating batches on both databases: the items and first runs are written with raw multi-row INSERTs.</summary>
public abstract class BatchCreateTests(DatabaseProvider provider) : IAsyncLifetime
{
    private BatchScenario _s = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _s = await BatchScenario.StartAsync(provider: provider);

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task Create_GoodWorkbook_QueuesOneWaitingFirstAttemptPerRowWithCheckedValues()
    {
        var published = new TaskCompletionSource<IReadOnlyList<WorkbenchEvent>>();
        using var subscription = _s.Core.Get<IWorkbenchEvents>().Subscribe(events =>
        {
            published.TrySetResult(events);
            return Task.CompletedTask;
        });

        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "Amount", "vip", "due"],
            ["甲公司", 12.5, true, "2026/12/01"],
            ["乙公司", 7, "否", null]), "十二月订单.xlsx");

        var batch = Assert.IsType<BatchDetail>(result.Batch);
        Assert.Equal(("十二月订单", "十二月订单.xlsx", 2, BatchState.Running, RunPriority.Normal, 2), (batch.Name, batch.SourceFileName, batch.ItemCount, batch.State, batch.Priority, batch.MaxRetries));
        Assert.Equal(["name", "Amount", "vip", "due"], batch.Columns);
        Assert.Equal(new BatchCounts(2, 0, 0, 0, 0, 0, 0), batch.Counts);
        Assert.Equal("operator-user", batch.CreatedBy);
        var items = await _s.ItemsAsync(batch.Id);
        Assert.Equal([2, 3], items.Select(i => i.RowNumber));
        Assert.Equal("12.5", items[0].Values["Amount"]);
        var runs = await _s.RunsAsync(batch.Id);
        Assert.Equal(2, runs.Count);
        var first = runs[0];
        Assert.Equal((DispatchRunState.Waiting, 1, items[0].Id, _s.TaskId, _s.AccountId, (long?)null), (first.State, first.Attempt, first.BatchItemId, first.TaskId, first.TargetAccountId, first.TargetGroupId));
        Assert.Equal(BatchItem.RunIdOf(items[0].RunKey, 1), first.RunId);
        Assert.Equal(items[0].RunId, first.RunId);
        Assert.Null(first.ExpiresAt);
        Assert.Equal(new Dictionary<string, string?> { ["name"] = "甲公司", ["amount"] = "12.5", ["count"] = "3", ["vip"] = "true", ["due"] = "2026-12-01" }, first.Parameters);
        Assert.Equal(new Dictionary<string, string?> { ["name"] = "乙公司", ["amount"] = "7", ["count"] = "3", ["vip"] = "false" }, runs[1].Parameters);
        Assert.Equal([new BatchChanged(batch.Id), new QueueChanged(_s.TaskId)], await published.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("batch.created", await _s.Core.ReadAsync(db => db.AuditEntries.Where(e => e.TargetType == "batch").Select(e => e.Action).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Create_CsvWithBomAndSettings_QueuesForTheGroupWithPriorityAndExpiry()
    {
        var group = await _s.Core.Get<RobotGroupService>().CreateAsync(new RobotGroupInput("华东", null, [_s.AccountId]), Ct);
        await _s.Core.ReadAsync(db => db.Tasks.Where(t => t.Id == _s.TaskId).ExecuteUpdateAsync(u => u.SetProperty(t => t.GroupId, group.Id), Ct));
        var csv = BatchScenario.Csv("\uFEFFname,amount,count\r\n\"甲, 公司\",1.25,7\r\n");

        var result = await _s.Batches.CreateAsync(new BatchUpload(_s.TaskId, "orders.csv", csv)
        {
            Name = " 加急 ", Priority = RunPriority.High, MaxRetries = 0, Concurrency = 4, WaitTimeoutSeconds = 600,
        }, Ct);

        var batch = Assert.IsType<BatchDetail>(result.Batch);
        Assert.Equal(("加急", RunPriority.High, 0, (int?)4, (int?)600), (batch.Name, batch.Priority, batch.MaxRetries, batch.Concurrency, batch.WaitTimeoutSeconds));
        var run = Assert.Single(await _s.RunsAsync(batch.Id));
        Assert.Equal(((long?)group.Id, (long?)null, RunPriority.High), (run.TargetGroupId, run.TargetAccountId, run.Priority));
        Assert.Equal(_s.Core.Clock.GetUtcNow().UtcDateTime.AddMinutes(10), run.ExpiresAt);
        Assert.Equal("甲, 公司", run.Parameters["name"]);
        Assert.Equal("7", run.Parameters["count"]);
    }

    [Fact]
    public async Task Create_RowErrors_NameRowColumnValueAndWriteNothing()
    {
        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "amount", "count", "vip", "due"],
            ["好", 1, 2, true, "2026-01-01"],
            [null, "abc", 1.5, "maybe", "01/02/2026"],
            ["名字超过了十个字的客户名称", 3, null, null, null],
            [],
            ["丙", 4, "x", null, null]));

        Assert.Null(result.Batch);
        Assert.Equal(
        [
            (3, "name", null, "Required"),
            (3, "amount", "abc", "ParameterInvalidDecimal"),
            (3, "count", "1.5", "ParameterInvalidInteger"),
            (3, "vip", "maybe", "ParameterInvalidBoolean"),
            (3, "due", "01/02/2026", "ParameterInvalidDate"),
            (4, "name", "名字超过了十个字的客户名称", "TooLong"),
            (6, "count", "x", "ParameterInvalidInteger"),
        ], result.Errors.Select(e => (e.Row, e.Column, e.Value, e.Code)));
        Assert.Equal(7, result.ErrorCount);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_HeaderErrors_RefuseTheFileEvenWhenSkippingInvalidRows()
    {
        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "colour", "NAME", "count"], ["甲", "红", "乙", 1]), skipInvalid: true);

        Assert.Null(result.Batch);
        Assert.Equal(
        [
            (1, "colour", "BatchUnknownColumn"),
            (1, "NAME", "BatchDuplicateColumn"),
            (1, "amount", "BatchMissingColumn"),
        ], result.Errors.Select(e => (e.Row, e.Column, e.Code)));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_ValueUnderAColumnWithoutHeader_NamesTheColumnLetter()
    {
        var result = await _s.UploadAsync(BatchScenario.Csv("name,amount,\n甲,1,\n乙,2,多余\n"), "orders.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "C", "多余", "BatchUnnamedColumn"), (error.Row, error.Column, error.Value, error.Code));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_SkipInvalidRows_QueuesTheGoodRowsAndKeepsTheErrors()
    {
        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "amount"], ["甲", 1], ["乙", "x"], ["丙", 3]), skipInvalid: true);

        var batch = Assert.IsType<BatchDetail>(result.Batch);
        Assert.Equal((2, 1), (batch.ItemCount, result.SkippedRows));
        Assert.Equal((3, "amount", "x"), (result.Errors[0].Row, result.Errors[0].Column, result.Errors[0].Value));
        Assert.Equal([2, 4], (await _s.ItemsAsync(batch.Id)).Select(i => i.RowNumber));
        Assert.Equal(2, (await _s.RunsAsync(batch.Id)).Count);
    }

    [Fact]
    public async Task Create_SkipInvalidRowsButNoGoodRow_RefusedWithNothingWritten()
    {
        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "amount"], ["甲", "x"]), skipInvalid: true);

        Assert.Null(result.Batch);
        Assert.Equal(["ParameterInvalidDecimal", "BatchNoValidRows"], result.Errors.Select(e => e.Code));
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("name,amount\n", "orders.csv", 2)]
    [InlineData("name,amount\n,\n\n", "orders.csv", 2)]
    [InlineData("\n", "orders.csv", 1)]
    public async Task Create_NoDataRows_RefusedAsAnEmptySheet(string text, string fileName, int row)
    {
        var result = await _s.UploadAsync(BatchScenario.Csv(text), fileName);

        var error = Assert.Single(result.Errors);
        Assert.Equal((row, BatchErrorCodes.EmptySheet), (error.Row, error.Code));
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_MoreRowsThanTheLimit_RefusedNamingTheFirstRowOver()
    {
        await using var small = await BatchScenario.StartAsync(new Dictionary<string, string?> { ["Workbench:Batches:MaxRows"] = "2" }, provider);

        var result = await small.UploadAsync(BatchScenario.Csv("name,amount\na,1\nb,2\nc,3\n"), "orders.csv", skipInvalid: true);

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, BatchErrorCodes.TooManyRows), (error.Row, error.Code));
        Assert.Equal(0, await small.Core.ReadAsync(db => db.Batches.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_BrokenWorkbook_RefusedAsUnreadable()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8 };

        var result = await _s.UploadAsync(new MemoryStream(bytes), "orders.xlsx");

        Assert.Equal(BatchErrorCodes.UnreadableFile, Assert.Single(result.Errors).Code);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("orders.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46 })]
    [InlineData("orders.xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0 })]
    [InlineData("orders.csv", new byte[] { 0x6E, 0x00, 0x61, 0x00 })]
    [InlineData("orders.docx", new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    public async Task Create_NeitherWorkbookNorCsv_RefusedAsUnsupported(string fileName, byte[] head)
    {
        var error = await Assert.ThrowsAsync<RuleViolationException>(() => _s.UploadAsync(new MemoryStream(head), fileName));

        Assert.Equal(BatchErrorCodes.UnsupportedFileType, error.Code);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_BadSettings_NameEachField()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Batches.CreateAsync(
            new BatchUpload(_s.TaskId, "a.csv", BatchScenario.Csv("name,amount\na,1\n"))
            {
                Name = new string('n', 129), MaxRetries = 11, Concurrency = 0, WaitTimeoutSeconds = -1, Priority = (RunPriority)7,
            }, Ct));

        Assert.Equal(["name", "priority", "max_retries", "concurrency", "wait_timeout_seconds"], error.Errors.Select(e => e.Field));
        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => _s.UploadAsync(new MemoryStream(), "a.csv"));
        Assert.Equal(("file", ErrorCodes.EmptyFile), (empty.Errors[0].Field, empty.Errors[0].Code));
        var unknownTask = await Assert.ThrowsAsync<ValidationFailedException>(() => _s.Batches.CreateAsync(
            new BatchUpload(9999, "a.csv", BatchScenario.Csv("name,amount\na,1\n")), Ct));
        Assert.Equal("task_id", unknownTask.Errors[0].Field);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Create_AsViewer_Refused()
    {
        _s.Core.User.SignIn(Roles.Viewer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _s.UploadAsync(BatchScenario.Csv("name,amount\na,1\n"), "a.csv"));
    }

    private async Task AssertNothingWrittenAsync() =>
        Assert.Equal((0, 0, 0), await _s.Core.ReadAsync(async db =>
            (await db.Batches.CountAsync(Ct), await db.BatchItems.CountAsync(Ct), await db.DispatchRuns.CountAsync(Ct))));
}

public sealed class BatchCreateTestsOnSqlite() : BatchCreateTests(DatabaseProvider.Sqlite);

public sealed class BatchCreateTestsOnPostgreSql() : BatchCreateTests(DatabaseProvider.PostgreSQL);
