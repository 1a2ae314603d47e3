using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using MiniExcelLibs;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Batches;

public sealed class BatchFilesTests : IAsyncLifetime
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private BatchScenario _s = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _s = await BatchScenario.StartAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task Template_HasAColumnPerParameterAnExampleRowAndANoteOnEachHeader()
    {
        using var file = new MemoryStream();
        await _s.Batches.WriteTemplateAsync(_s.TaskId, file, Ct);

        file.Position = 0;
        var rows = file.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var example = Assert.Single(rows);
        Assert.Equal(["name", "amount", "count", "vip", "due"], example.Keys);
        Assert.Equal(["text", 1.5, 3.0, true, "2026-01-31"], example.Values);

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var notes = Xml(zip, "xl/comments1.xml").Descendants(Main + "comment")
            .ToDictionary(c => (string)c.Attribute("ref")!, c => string.Concat(c.Descendants(Main + "t").Select(t => t.Value)));
        Assert.Equal(["A1", "B1", "C1", "D1", "E1"], notes.Keys);
        Assert.Equal("类型 type: text\n必填 required: yes\n最长 max length: 10\n客户名称", notes["A1"]);
        Assert.Equal("类型 type: integer\n选填 required: no\n默认 default: 3", notes["C1"]);
        Assert.Equal("类型 type: date\n选填 required: no\n格式 format: yyyy-MM-dd", notes["E1"]);
        Assert.Equal(5, Xml(zip, "xl/drawings/vmlDrawing1.vml").Descendants().Count(e => e.Name.LocalName == "ClientData"));
        Assert.Single(Xml(zip, "xl/worksheets/sheet1.xml").Root!.Elements(Main + "legacyDrawing"));
        var rels = Xml(zip, "xl/worksheets/_rels/sheet1.xml.rels").Root!.Elements().Select(e => (string)e.Attribute("Target")!);
        Assert.Equal(["../comments1.xml", "../drawings/vmlDrawing1.vml"], rels.Where(t => t.Contains("comments", StringComparison.Ordinal) || t.Contains("vml", StringComparison.Ordinal)));
        Assert.Contains("/xl/comments1.xml", Xml(zip, "[Content_Types].xml").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_FilledInAndUploaded_IsAccepted()
    {
        using var file = new MemoryStream();
        await _s.Batches.WriteTemplateAsync(_s.TaskId, file, Ct);
        file.Position = 0;

        var result = await _s.UploadAsync(file, "template.xlsx");

        Assert.Equal(1, result.Batch?.ItemCount);
        Assert.Equal(
            new Dictionary<string, string?> { ["name"] = "text", ["amount"] = "1.5", ["count"] = "3", ["vip"] = "true", ["due"] = "2026-01-31" },
            Assert.Single(await _s.RunsAsync(result.Batch!.Id)).Parameters);
    }

    [Fact]
    public async Task Result_HasInputsStatusOutputsErrorAttemptsAndOperatorTimes_AsXlsxAndCsv()
    {
        var result = await _s.UploadAsync(BatchScenario.Xlsx(["name", "amount"], ["=甲", 1.5], ["乙", 2], ["丙", 3]));
        var batch = result.Batch!;
        var runs = await _s.RunsAsync(batch.Id);
        await _s.StartAsync(runs[0]);
        _s.Core.Clock.Advance(TimeSpan.FromSeconds(90));
        await _s.EndAsync(runs[0], DispatchRunState.Ended, ExecutionStatus.Completed, outputs: """{"order_no":"SO-1","status":"ok"}""");
        await _s.StartAsync(runs[1]);
        await _s.EndAsync(runs[1], DispatchRunState.Ended, ExecutionStatus.Failed, "-客户不存在",
            outputs: """[{"name":"order_no","value":"SO-2","type":"str"},{"name":"memo","value":"+1","type":"str"}]""");

        using var xlsx = new MemoryStream();
        await _s.Batches.WriteResultAsync(batch.Id, BatchFileFormat.Xlsx, xlsx, Ct);
        using var csv = new MemoryStream();
        await _s.Batches.WriteResultAsync(batch.Id, BatchFileFormat.Csv, csv, Ct);

        xlsx.Position = 0;
        var sheet = xlsx.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        Assert.Equal(["name", "amount", "status", "order_no", "output.status", "memo", "error", "attempts", "started_at", "ended_at"], sheet[0]);
        Assert.Equal(["=甲", "1.5", "successful", "SO-1", "ok", null, null, 1.0, new DateTime(2026, 11, 25, 16, 0, 0), new DateTime(2026, 11, 25, 16, 1, 30)], sheet[1]);
        Assert.Equal(["乙", "2", "failed", "SO-2", null, "+1", "-客户不存在", 1.0, new DateTime(2026, 11, 25, 16, 1, 30), new DateTime(2026, 11, 25, 16, 1, 30)], sheet[2]);
        Assert.Equal(["丙", "3", "new", null, null, null, null, 0.0, null, null], sheet[3]);

        var bytes = csv.ToArray();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal(
            "name,amount,status,order_no,output.status,memo,error,attempts,started_at,ended_at\r\n" +
            "\"'=甲\",1.5,successful,SO-1,ok,,,1,2026-11-25 16:00:00,2026-11-25 16:01:30\r\n" +
            "乙,2,failed,SO-2,,\"'+1\",\"'-客户不存在\",1,2026-11-25 16:01:30,2026-11-25 16:01:30\r\n" +
            "丙,3,new,,,,,0,,\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Result_UnknownBatch_Refused()
    {
        var error = await Assert.ThrowsAsync<RuleViolationException>(() => _s.Batches.WriteResultAsync(404, BatchFileFormat.Csv, Stream.Null, Ct));

        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task ErrorReport_ListsRowColumnValueCodeAndMessage()
    {
        BatchRowError[] errors = [new(3, "amount", "=1+1", "ParameterInvalidDecimal", "不是数字"), new(1, "colour", "colour", "BatchUnknownColumn", "unknown")];

        using var xlsx = new MemoryStream();
        await BatchService.WriteErrorReportAsync(errors, BatchFileFormat.Xlsx, xlsx, Ct);
        using var csv = new MemoryStream();
        await BatchService.WriteErrorReportAsync(errors, BatchFileFormat.Csv, csv, Ct);

        xlsx.Position = 0;
        var rows = xlsx.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        Assert.Equal([3.0, "amount", "=1+1", "ParameterInvalidDecimal", "不是数字"], rows[0]);
        Assert.Equal("row,column,value,code,message\r\n3,amount,\"'=1+1\",ParameterInvalidDecimal,不是数字\r\n1,colour,colour,BatchUnknownColumn,unknown\r\n",
            Encoding.UTF8.GetString(csv.ToArray()[3..]));
    }

    private static XDocument Xml(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)!.Open();
        return XDocument.Load(stream);
    }
}
