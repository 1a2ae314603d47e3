using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// <c>/api/v1/alert-channels</c>: where alerts are sent, through <see cref="AlertChannelService"/>
/// (docs/api-rest-alert-channels.md). Any key reads (never a secret: a URL hint and whether a secret is set); admin
/// keys write and send test messages. The <c>ETag</c> is the channel's version.
/// </summary>
public static class AlertChannelsApi
{
    public static void MapAlertChannelsApi(this IEndpointRouteBuilder endpoints)
    {
        var channels = endpoints.MapRestGroup("/alert-channels", "Alert channels");
        channels.MapGet("", List).Needs(ApiKeyScopes.Viewer).WithName("list-alert-channels")
            .WithSummary("Alert channels by name, with a URL hint and whether secrets are set (never the secrets), paged")
            .WithMetadata(AlertChannelExamples.List)
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        channels.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-alert-channel")
            .WithSummary("One alert channel, with its version as ETag").WithMetadata(AlertChannelExamples.One)
            .ProducesProblems([], StatusCodes.Status404NotFound);
        channels.MapPost("", CreateAsync).Needs(ApiKeyScopes.Admin).WithName("create-alert-channel")
            .WithSummary("Create an alert channel (DingTalk, WeCom, Feishu, Slack, e-mail or webhook); its secrets are stored encrypted")
            .ReadsJson<AlertChannelRequest>([.. AlertChannelExamples.Body, .. AlertChannelExamples.Created])
            .Produces<AlertChannelView>(StatusCodes.Status201Created);
        channels.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Admin).WithName("update-alert-channel")
            .WithSummary("Edit an alert channel: a secret left out keeps the stored one, clear_secret / clear_smtp_password remove it; If-Match guards against overwriting")
            .ReadsJson<AlertChannelRequest>([.. AlertChannelExamples.Body, .. AlertChannelExamples.Updated]).Produces<AlertChannelView>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        channels.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Admin).WithName("delete-alert-channel")
            .WithSummary("Delete an alert channel; rules that sent to it stop doing so, its delivery history stays")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        channels.MapPost("/{id:long}/test", SendTestAsync).Needs(ApiKeyScopes.Admin).WithName("test-alert-channel")
            .WithSummary("Send a test message through the channel now and answer how it went (delivered, or the status and the channel's answer)")
            .WithMetadata(AlertChannelExamples.Tested)
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ApiPage<AlertChannelView>>> List(HttpRequest request, AlertChannelService channels, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, MaxPageSize, errors);
        QueryValues.ThrowIfAny(errors);
        var all = await channels.ListAsync(cancellationToken);
        var page = all.Skip(paging.Index * paging.PageSize).Take(paging.PageSize).ToList();
        return TypedResults.Ok(new ApiPage<AlertChannelView>(page, all.Count, paging.Page, paging.PageSize));
    }

    private static async Task<Ok<AlertChannelView>> GetAsync(long id, HttpContext context, AlertChannelService channels, CancellationToken cancellationToken)
    {
        var channel = await channels.GetAsync(id, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Alert channel {id} does not exist (it may have been deleted).");
        return Tagged(context, TypedResults.Ok(channel), channel);
    }

    private static Task<IResult> CreateAsync(HttpContext context, AlertChannelService channels, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<AlertChannelRequest>(context, async body =>
        {
            var channel = await channels.CreateAsync(body.ToInput(version: null), cancellationToken);
            return Tagged(context, TypedResults.Created($"{RestApi.Prefix}/alert-channels/{channel.Id}", channel), channel);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, AlertChannelService channels, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<AlertChannelRequest>(context, async body =>
        {
            var channel = await channels.UpdateAsync(id, body.ToInput(version), cancellationToken);
            return Tagged(context, TypedResults.Ok(channel), channel);
        });
    }

    private static async Task<NoContent> DeleteAsync(long id, AlertChannelService channels, CancellationToken cancellationToken)
    {
        await channels.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AlertChannelTestResponse>> SendTestAsync(long id, AlertChannelService channels, CancellationToken cancellationToken) =>
        TypedResults.Ok(AlertChannelTestResponse.Of(await channels.SendTestAsync(id, cancellationToken)));

    private const int MaxPageSize = 500;

    private static T Tagged<T>(HttpContext context, T result, AlertChannelView channel) =>
        ETags.Tagged(context, result, channel.Version.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/v1/alert-channels</c>. <c>url</c> for every kind but <c>email</c>; the
/// <c>smtp_*</c> fields for <c>email</c>. On <c>PUT</c> a secret left out (<c>url</c>, <c>secret</c>, <c>smtp_password</c>)
/// keeps the stored one.
/// </summary>
public sealed record AlertChannelRequest
{
    // [Required] marks the field so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? Name { get; init; }

    [Required]
    public AlertChannelKind? Kind { get; init; }

    /// <summary><c>zh-CN</c> (the default) or <c>en</c>.</summary>
    public string? Culture { get; init; }

    public bool? Enabled { get; init; }
    public string? Url { get; init; }
    public string? Secret { get; init; }
    public bool? ClearSecret { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public SmtpSecurity? SmtpSecurity { get; init; }
    public string? SmtpUserName { get; init; }
    public string? SmtpPassword { get; init; }
    public bool? ClearSmtpPassword { get; init; }
    public string? SmtpFrom { get; init; }
    public IReadOnlyList<string>? SmtpTo { get; init; }

    public AlertChannelInput ToInput(int? version) => new()
    {
        Name = Name, Kind = Kind, Culture = Culture, Enabled = Enabled, Url = Url, Secret = Secret, ClearSecret = ClearSecret ?? false,
        SmtpHost = SmtpHost, SmtpPort = SmtpPort, SmtpSecurity = SmtpSecurity, SmtpUserName = SmtpUserName, SmtpPassword = SmtpPassword,
        ClearSmtpPassword = ClearSmtpPassword ?? false, SmtpFrom = SmtpFrom, SmtpTo = SmtpTo, Version = version,
    };
}

/// <summary>How a test message went: delivered, or the HTTP status / SMTP reply code (null when nothing answered) and the channel's answer.</summary>
public sealed record AlertChannelTestResponse(bool Delivered, int? Status, string Answer)
{
    public static AlertChannelTestResponse Of(AlertDelivery delivery) => new(delivery.Delivered, delivery.Status, delivery.Answer);
}
