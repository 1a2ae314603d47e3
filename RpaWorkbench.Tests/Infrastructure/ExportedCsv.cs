using CsvHelper;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>A downloaded CSV read back as a spreadsheet or script would: CsvHelper, header first.</summary>
public static class ExportedCsv
{
    public static (string[] Header, List<Dictionary<string, string>> Rows) Parse(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = false });
        var records = new List<string[]>();
        while (reader.Read())
        {
            records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        var header = records[0];
        return (header, records.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList());
    }
}
