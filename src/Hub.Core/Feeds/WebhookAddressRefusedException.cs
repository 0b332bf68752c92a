namespace IntegrationHub.Core.Feeds;

/// <summary>
/// A webhook connection was refused before it was made: the host is, or resolves only to, addresses that
/// <see cref="WebhookAddressPolicy"/> does not allow. The message names the host and addresses, never a secret.
/// </summary>
public sealed class WebhookAddressRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WebhookAddressRefusedException()
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public WebhookAddressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public WebhookAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
