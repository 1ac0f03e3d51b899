using Fleet.Enrolment;

namespace Fleet.Terminals;

/// <summary>The enrolment part of a terminal's state: the live code as a keyed hash (never the code)
/// and the certificates the terminal holds as its own.</summary>
[GenerateSerializer, Alias("fleet.terminal-credential-state")]
public sealed class TerminalCredentialState
{
    /// <summary>HMAC of (terminal id, code) under the fleet's enrolment-code key; null when no code is live.</summary>
    [Id(0)] public byte[]? CodeHash { get; set; }
    [Id(1)] public DateTimeOffset? CodeExpiresAt { get; set; }
    [Id(2)] public DateTimeOffset? CodeIssuedAt { get; set; }

    /// <summary>Unrevoked certificates by serial; revocation and expiry drop them.</summary>
    [Id(3)] public Dictionary<string, TerminalCertificate> Certificates { get; set; } = new(StringComparer.Ordinal);

    public void ForgetCode()
    {
        CodeHash = null;
        CodeExpiresAt = null;
        CodeIssuedAt = null;
    }
}
