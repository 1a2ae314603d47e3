namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Marks the one kind of API that takes neither a key nor a session: its URL carries its own signed, time-limited
/// credential naming one thing (like an S3 presigned URL). Tests that require a key or a session of every API skip
/// endpoints with this marker and test the credential instead.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class CapabilityUrlAttribute : Attribute;
