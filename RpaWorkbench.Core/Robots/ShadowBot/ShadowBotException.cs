namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>What kind of refusal a ShadowBot answer was, so a caller can decide whether to retry later or fix something.</summary>
public enum ShadowBotErrorKind
{
    /// <summary>400: bad parameters or a wrong key pair.</summary>
    BadRequest,

    /// <summary>401: the token was refused even after a fresh one was fetched.</summary>
    Unauthorized,

    /// <summary>429 (<c>RequestLimitExceeded</c>) after every allowed back-off.</summary>
    RateLimited,

    /// <summary>500 or another server-side failure.</summary>
    ServerError,

    /// <summary>No access key pair is configured.</summary>
    NotConfigured,

    /// <summary>No answer: the host could not be reached or did not answer in time.</summary>
    Unreachable,

    /// <summary>Any other unsuccessful answer (an application code with <c>success:false</c>, or an unreadable body).</summary>
    Failed,
}

/// <summary>ShadowBot refused or failed a call. The message is meant for an operator and never holds the key secret or a token.</summary>
public sealed class ShadowBotException(ShadowBotErrorKind kind, string endpoint, int code, string? requestId, string message)
    : Exception(message)
{
    public ShadowBotErrorKind Kind { get; } = kind;

    /// <summary>The endpoint path below <c>/oapi/</c>, e.g. <c>dispatch/v2/job/start</c>.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>The envelope's <c>code</c>, or the HTTP status when the body had none.</summary>
    public int Code { get; } = code;

    /// <summary>ShadowBot's request id, to quote to its support.</summary>
    public string? RequestId { get; } = requestId;
}
