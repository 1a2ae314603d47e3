using System.ComponentModel.DataAnnotations;
using System.Net;

namespace RpaWorkbench.Core.Configuration;

/// <summary>A list setting whose every entry must pass a check; the message names the key and each bad entry.</summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class EntriesAttribute : ValidationAttribute
{
    /// <summary>What an entry must be, after "is not" (<c>an IP address</c>).</summary>
    protected abstract string Expectation { get; }

    protected abstract bool IsValidEntry(string entry);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var bad = (value as IEnumerable<string> ?? []).Where(entry => !IsValidEntry(entry)).ToList();
        return bad.Count == 0
            ? ValidationResult.Success
            : new ValidationResult(string.Join(" ", bad.Select(entry => $"{validationContext.DisplayName}: '{entry}' is not {Expectation}.")));
    }
}

/// <summary>Every entry an IP address (<c>10.0.0.5</c>).</summary>
public sealed class IpAddressEntriesAttribute : EntriesAttribute
{
    protected override string Expectation => "an IP address (e.g. 10.0.0.5)";

    protected override bool IsValidEntry(string entry) => IPAddress.TryParse(entry, out _);
}

/// <summary>Every entry a network in CIDR form (<c>10.0.0.0/24</c>).</summary>
public sealed class IpNetworkEntriesAttribute : EntriesAttribute
{
    protected override string Expectation => "a network in CIDR form (e.g. 10.0.0.0/24)";

    protected override bool IsValidEntry(string entry) => IPNetwork.TryParse(entry, out _);
}
