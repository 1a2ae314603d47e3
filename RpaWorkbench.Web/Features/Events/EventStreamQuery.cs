using System.Globalization;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Features.Events;

/// <summary>Which events a client wants: one account's (by ShadowBot account name or by id), or all when both are null.</summary>
public sealed record EventStreamFilter(string? AccountName, long? AccountId)
{
    public bool Matches(StreamedEvent streamed) =>
        (AccountName is null || string.Equals(streamed.AccountName, AccountName, StringComparison.Ordinal))
        && (AccountId is null || streamed.AccountId == AccountId);
}

/// <summary>An event id, <c>&lt;instance&gt;-&lt;number&gt;</c> (e.g. <c>3fa85f64-42</c>).</summary>
public readonly record struct EventStreamId(string Instance, long Number)
{
    public static string Format(string instance, long number) => $"{instance}-{number.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out EventStreamId id)
    {
        id = default;
        var dash = text.LastIndexOf('-');
        if (dash <= 0 || dash > 32 || !text[..dash].All(char.IsAsciiHexDigitLower)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        id = new EventStreamId(text[..dash], number);
        return true;
    }
}

/// <summary>
/// A stream request's query and <c>Last-Event-ID</c> header, checked: <c>account</c> (a ShadowBot account name, by the
/// accounts' own rules), <c>account_id</c> (the seed's filter, a positive whole number), <c>Last-Event-ID</c> (an id this
/// stream sent). Every bad one is named in <see cref="Errors"/>.
/// </summary>
public sealed class EventStreamQuery
{
    public const string AccountField = "account";
    public const string AccountIdField = "account_id";
    public const string LastEventIdField = "Last-Event-ID";

    private EventStreamQuery(EventStreamFilter filter, EventStreamId? lastEventId, Dictionary<string, string[]> errors)
    {
        Filter = filter;
        LastEventId = lastEventId;
        Errors = errors;
    }

    public EventStreamFilter Filter { get; }

    public EventStreamId? LastEventId { get; }

    public IDictionary<string, string[]> Errors { get; }

    public static EventStreamQuery Read(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        string? account = null;
        if (request.Query.TryGetValue(AccountField, out var accountText))
        {
            account = accountText.ToString().Trim();
            if (AccountRules.CheckAccount(account) is { } refused)
            {
                errors[AccountField] = [refused.Message];
            }
        }

        long? accountId = null;
        if (request.Query.TryGetValue(AccountIdField, out var idText))
        {
            if (long.TryParse(idText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                accountId = id;
            }
            else
            {
                errors[AccountIdField] = ["account_id must be a positive whole number."];
            }
        }

        EventStreamId? lastEventId = null;
        if (request.Headers.TryGetValue(LastEventIdField, out var lastText) && lastText.ToString().Trim() is { Length: > 0 } last)
        {
            if (EventStreamId.TryParse(last, out var parsed))
            {
                lastEventId = parsed;
            }
            else
            {
                errors[LastEventIdField] = ["Last-Event-ID must be an id this stream sent (e.g. 3fa85f64-42)."];
            }
        }

        return new EventStreamQuery(new EventStreamFilter(account, accountId), lastEventId, errors);
    }
}
