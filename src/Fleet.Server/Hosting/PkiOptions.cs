namespace Fleet.Server.Hosting;

/// <summary>How the CA's private keys are protected (section <c>Fleet:Pki</c>).</summary>
public sealed class PkiOptions
{
    public const string Section = "Fleet:Pki";

    /// <summary>Encrypts the CA's private keys at rest. When unset on the embedded default, a random
    /// one is generated into <c>{DataDirectory}/ca-passphrase</c> (mode 0600). Every silo of a
    /// PostgreSQL cluster must be given the same value.</summary>
    public string? KeyPassphrase { get; set; }
}
