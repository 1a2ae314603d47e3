using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Accounts;

/// <summary>Validation and normalisation of account input; the dialog and the service share these rules.</summary>
public static partial class AccountRules
{
    public const int MaxAccountLength = 64;
    public const int MaxHostLength = 253;
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    /// <summary>The longest robot client status kept (ShadowBot's are at most 9 characters: allocated).</summary>
    public const int MaxShadowBotStatusLength = 16;

    public const string AccountField = "shadow_bot_account";
    public const string HostField = "host_ip";
    public const string PortField = "port";

    /// <summary>The error for the account name, or null when it is acceptable.</summary>
    public static FieldError? CheckAccount(string? account)
    {
        var value = account?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(AccountField, ErrorCodes.Required, "Account is required.");
        }

        if (value.Length > MaxAccountLength)
        {
            return new FieldError(AccountField, ErrorCodes.TooLong, $"Account must be at most {MaxAccountLength} characters.");
        }

        return IdentifierText.Check(AccountField, "Account", value);
    }

    /// <summary>The error for the host, or null when it is an IPv4 address, an IPv6 address or a host name.</summary>
    public static FieldError? CheckHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return new FieldError(HostField, ErrorCodes.Required, "Host is required.");
        }

        return NormalizeHost(host) is null
            ? new FieldError(HostField, ErrorCodes.InvalidHost, "Host must be a valid IPv4 address, IPv6 address or host name.")
            : null;
    }

    /// <summary>The error for the port, or null when it is 1–65535.</summary>
    public static FieldError? CheckPort(int? port) => port switch
    {
        null => new FieldError(PortField, ErrorCodes.Required, "Port is required."),
        < MinPort or > MaxPort => new FieldError(PortField, ErrorCodes.PortOutOfRange, $"Port must be between {MinPort} and {MaxPort}."),
        _ => null,
    };

    /// <summary>Every error in the input, in field order.</summary>
    public static IReadOnlyList<FieldError> Validate(AccountInput input) =>
        new[] { CheckAccount(input.ShadowBotAccount), CheckHost(input.HostIp), CheckPort(input.Port) }
            .OfType<FieldError>()
            .ToList();

    /// <summary>
    /// The canonical form of a host (lower-case name, dotted IPv4 without leading zeros, compressed IPv6),
    /// or null when it is none of those. Canonical forms keep "10.0.0.01" and "10.0.0.1" from being two robots.
    /// </summary>
    public static string? NormalizeHost(string host)
    {
        var value = host.Trim();
        if (value.Length is 0 or > MaxHostLength)
        {
            return null;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            var unbracketed = value.StartsWith('[') && value.EndsWith(']') ? value[1..^1] : value;
            return IPAddress.TryParse(unbracketed, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6.ToString()
                : null;
        }

        if (value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return NormalizeIPv4(value);
        }

        return HostNamePattern().IsMatch(value) ? value.ToLowerInvariant() : null;
    }

    /// <summary><c>{account}-{host}:{port}</c>; an IPv6 host is bracketed so the port stays unambiguous.</summary>
    public static string TaskControl(string account, string host, int port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"{account}-[{host}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{account}-{host}:{port}");

    private static string? NormalizeIPv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var octets = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3
                || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out octets[i])
                || octets[i] > 255)
            {
                return null;
            }
        }

        return string.Join('.', octets);
    }

    // RFC 1123 labels (letters, digits, hyphens, not at either end), and a last label that is not all digits.
    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*(?![0-9]+$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex HostNamePattern();
}
