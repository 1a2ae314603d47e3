using System.Net.Http.Headers;

namespace RpaWorkbench.Core.Storage;

/// <summary>Content types the Workbench stores files with, and which of them it is willing to serve as they are.</summary>
public static class ContentTypes
{
    public const string Binary = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = "application/json",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".xls"] = "application/vnd.ms-excel",
        [".csv"] = "text/csv",
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".ini"] = "text/plain",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".xml"] = "application/xml",
        [".zip"] = "application/zip",
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
    };

    // Types no browser runs as script or renders as a page; HTML, SVG, XML (XSLT) and JavaScript are not among them.
    private static readonly HashSet<string> Servable = new(StringComparer.OrdinalIgnoreCase)
    {
        Binary, "application/json", "application/yaml", "application/zip", "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel",
        "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", "image/webp",
    };

    /// <summary>The content type for a file extension (<c>.json</c>); <see cref="Binary"/> for one not listed.</summary>
    public static string ForExtension(string extension) => ByExtension.GetValueOrDefault(extension, Binary);

    /// <summary>Whether a stored object may declare this content type: a well-formed media type, one header line.</summary>
    public static bool IsWellFormed(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType)
        && !contentType.Any(char.IsControl)
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is not null;

    /// <summary>
    /// The content type to send when the Workbench serves a stored object: the stored one when it is well formed and of
    /// a kind browsers do not execute, otherwise <see cref="Binary"/>.
    /// </summary>
    public static string ToServe(string? stored) =>
        stored is not null && IsWellFormed(stored) && MediaTypeHeaderValue.TryParse(stored, out var parsed)
                           && Servable.Contains(parsed.MediaType!)
            ? stored
            : Binary;
}
