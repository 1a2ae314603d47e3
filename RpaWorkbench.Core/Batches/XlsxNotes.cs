using System.IO.Compression;
using System.Xml.Linq;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// Adds cell notes (Excel's comments) to the first row of a workbook's first sheet. MiniExcel cannot write them, so
/// the package is edited as Excel itself lays notes out: a comments part with the texts, the legacy VML drawing that
/// places each note's box (Excel shows no note without it), the sheet's relationships to both and its
/// <c>legacyDrawing</c> element, and the two content types.
/// </summary>
internal static class XlsxNotes
{
    private const string SheetPath = "xl/worksheets/sheet1.xml";
    private const string SheetRelsPath = "xl/worksheets/_rels/sheet1.xml.rels";
    private const string CommentsPath = "xl/comments1.xml";
    private const string VmlPath = "xl/drawings/vmlDrawing1.vml";
    private const string CommentsRelId = "rIdWorkbenchNotes";
    private const string VmlRelId = "rIdWorkbenchNotesVml";

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static readonly XNamespace ContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types";

    // The worksheet children that come after legacyDrawing in the schema's order.
    private static readonly HashSet<string> AfterLegacyDrawing = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"];

    /// <summary>Adds one note per header cell (<paramref name="notes"/>[0] on A1, …) to the workbook in <paramref name="package"/> (seekable, read-write).</summary>
    public static void AddHeaderNotes(Stream package, IReadOnlyList<string> notes, string author)
    {
        using var zip = new ZipArchive(package, ZipArchiveMode.Update, leaveOpen: true);
        Save(zip, CommentsPath, Comments(notes, author));
        Save(zip, VmlPath, Vml(notes.Count));

        var rels = Load(zip, SheetRelsPath) ?? new XDocument(new XElement(PackageRelationships + "Relationships"));
        rels.Root!.Add(
            Relationship(CommentsRelId, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments", "../comments1.xml"),
            Relationship(VmlRelId, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing", "../drawings/vmlDrawing1.vml"));
        Save(zip, SheetRelsPath, rels);

        var sheet = Load(zip, SheetPath) ?? throw new InvalidDataException($"The workbook has no {SheetPath}.");
        var worksheet = sheet.Root!;
        if (worksheet.GetNamespaceOfPrefix("r") is null)
        {
            worksheet.SetAttributeValue(XNamespace.Xmlns + "r", Relationships.NamespaceName);
        }

        var legacyDrawing = new XElement(worksheet.Name.Namespace + "legacyDrawing", new XAttribute(Relationships + "id", VmlRelId));
        var before = worksheet.Elements().FirstOrDefault(e => AfterLegacyDrawing.Contains(e.Name.LocalName));
        if (before is null)
        {
            worksheet.Add(legacyDrawing);
        }
        else
        {
            before.AddBeforeSelf(legacyDrawing);
        }

        Save(zip, SheetPath, sheet);

        var types = Load(zip, "[Content_Types].xml") ?? throw new InvalidDataException("The workbook has no [Content_Types].xml.");
        if (!types.Root!.Elements(ContentTypes + "Default").Any(e => (string?)e.Attribute("Extension") == "vml"))
        {
            types.Root.AddFirst(new XElement(ContentTypes + "Default", new XAttribute("Extension", "vml"),
                new XAttribute("ContentType", "application/vnd.openxmlformats-officedocument.vmlDrawing")));
        }

        types.Root.Add(new XElement(ContentTypes + "Override", new XAttribute("PartName", "/" + CommentsPath),
            new XAttribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")));
        Save(zip, "[Content_Types].xml", types);
    }

    /// <summary>The column's letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static XDocument Comments(IReadOnlyList<string> notes, string author) => new(
        new XElement(Main + "comments",
            new XElement(Main + "authors", new XElement(Main + "author", author)),
            new XElement(Main + "commentList", notes.Select((note, column) =>
                new XElement(Main + "comment", new XAttribute("ref", ColumnName(column) + "1"), new XAttribute("authorId", 0),
                    new XElement(Main + "text", new XElement(Main + "r",
                        new XElement(Main + "t", new XAttribute(XNamespace.Xml + "space", "preserve"), note))))))));

    private static XDocument Vml(int count)
    {
        XNamespace v = "urn:schemas-microsoft-com:vml", o = "urn:schemas-microsoft-com:office:office", x = "urn:schemas-microsoft-com:office:excel";
        return new XDocument(new XElement("xml",
            new XAttribute(XNamespace.Xmlns + "v", v.NamespaceName), new XAttribute(XNamespace.Xmlns + "o", o.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "x", x.NamespaceName),
            new XElement(o + "shapelayout", new XAttribute(v + "ext", "edit"), new XElement(o + "idmap", new XAttribute(v + "ext", "edit"), new XAttribute("data", 1))),
            new XElement(v + "shapetype", new XAttribute("id", "_x0000_t202"), new XAttribute("coordsize", "21600,21600"), new XAttribute(o + "spt", 202),
                new XAttribute("path", "m,l,21600r21600,l21600,xe"),
                new XElement(v + "stroke", new XAttribute("joinstyle", "miter")),
                new XElement(v + "path", new XAttribute("gradientshapeok", "t"), new XAttribute(o + "connecttype", "rect"))),
            Enumerable.Range(0, count).Select(column => new XElement(v + "shape",
                new XAttribute("id", $"_x0000_s{1025 + column}"), new XAttribute("type", "#_x0000_t202"),
                new XAttribute("style", "position:absolute;margin-left:80pt;margin-top:2pt;width:180pt;height:80pt;z-index:1;visibility:hidden"),
                new XAttribute("fillcolor", "#ffffe1"), new XAttribute(o + "insetmode", "auto"),
                new XElement(v + "fill", new XAttribute("color2", "#ffffe1")),
                new XElement(v + "shadow", new XAttribute("on", "t"), new XAttribute("color", "black"), new XAttribute("obscured", "t")),
                new XElement(v + "path", new XAttribute(o + "connecttype", "none")),
                new XElement(v + "textbox", new XAttribute("style", "mso-direction-alt:auto"), new XElement("div", new XAttribute("style", "text-align:left"))),
                new XElement(x + "ClientData", new XAttribute("ObjectType", "Note"),
                    new XElement(x + "MoveWithCells"), new XElement(x + "SizeWithCells"),
                    new XElement(x + "Anchor", $"{column + 1}, 15, 0, 2, {column + 4}, 15, 5, 4"),
                    new XElement(x + "AutoFill", "False"),
                    new XElement(x + "Row", 0), new XElement(x + "Column", column))))));
    }

    private static XElement Relationship(string id, string type, string target) =>
        new(PackageRelationships + "Relationship", new XAttribute("Id", id), new XAttribute("Type", type), new XAttribute("Target", target));

    private static XDocument? Load(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static void Save(ZipArchive zip, string path, XDocument document)
    {
        zip.GetEntry(path)?.Delete();
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        document.Save(stream, SaveOptions.DisableFormatting);
    }
}
