namespace RpaWorkbench.Core.Users.Sessions;

/// <summary>
/// One signed-in browser, kept on the server: the sign-in cookie carries only a random session key, and this row (found
/// by the key's hash) holds the authentication ticket. Deleting the row ends the session on every instance at once.
/// </summary>
public class UserSession
{
    /// <summary>SHA-256 of the session key in the cookie, hex: a database read never yields a usable cookie.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The authentication ticket, serialized and protected with the Data Protection keys.</summary>
    public required byte[] Ticket { get; set; }

    /// <summary>The user's security stamp when the ticket was issued; a session of an older stamp is no longer valid.</summary>
    public string? SecurityStamp { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the browser was last seen (a request that renewed the ticket, or its open page's check).</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>The session ends here unless the browser is seen again before (sliding expiration).</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>The address the browser was last seen from.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>The browser's User-Agent at sign-in, shortened and without control characters.</summary>
    public string? UserAgent { get; set; }
}
