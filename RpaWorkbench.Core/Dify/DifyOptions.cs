using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Dify;

/// <summary>Where tasks may call Dify workflows, and for how long (<c>Workbench:Dify</c>).</summary>
public sealed class DifyOptions
{
    public const string SectionName = "Workbench:Dify";

    public static readonly IReadOnlyList<string> DefaultAllowedBaseUrls = ["https://api.dify.ai/v1"];

    /// <summary>
    /// The Dify API bases tasks may call (an admin's choice: a task's base URL must be one of them or below one), so an
    /// operator cannot point the Workbench's server at an internal address; unset means <see cref="DefaultAllowedBaseUrls"/>
    /// (Dify cloud only). Null rather than a filled list because the configuration binder appends to a list it finds.
    /// </summary>
    public string[]? AllowedBaseUrls { get; set; }

    /// <summary>How long one blocking workflow run may take before it counts as timed out (a system failure, retried).</summary>
    [TimeSpanRange("00:00:05", "1.00:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The <c>user</c> Dify records the runs under.</summary>
    [Required, StringLength(100, MinimumLength = 1)]
    public string User { get; set; } = "rpa-workbench";

    /// <summary>Whether <paramref name="baseUrl"/> is one of <see cref="AllowedBaseUrls"/> or below one (a path prefix on the same origin).</summary>
    public bool Allows(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var wanted))
        {
            return false;
        }

        return (AllowedBaseUrls ?? [.. DefaultAllowedBaseUrls]).Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var root)
            && Uri.Compare(root, wanted, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && (wanted.AbsolutePath.TrimEnd('/') + "/").StartsWith(root.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal));
    }
}

[OptionsValidator]
internal sealed partial class DifyOptionsValidator : IValidateOptions<DifyOptions>;
