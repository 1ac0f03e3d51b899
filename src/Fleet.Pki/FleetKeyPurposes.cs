namespace Fleet.Pki;

/// <summary>
/// Fleet's own extended key usages. The arc is <c>2.25.68034794489784458191009611126023403303</c>
/// (ITU-T X.667: an OID made from a UUID, so it needs no registration and collides with no one);
/// Fleet assigns the numbers below it. A purpose of our own, rather than clientAuth alone, is what
/// keeps a certificate for one job (a POS's) from opening a door meant for another (a silo's, a
/// terminal's): every Fleet leaf chains to the same root.
/// </summary>
public static class FleetKeyPurposes
{
    /// <summary>Fleet's OID arc.</summary>
    public const string Arc = "2.25.68034794489784458191009611126023403303";

    /// <summary>A member of the Fleet Orleans cluster: silo-to-silo and gateway connections.</summary>
    public const string Silo = Arc + ".1";

    /// <summary>A payment terminal's own identity on the device listener (enrolment, see docs/pairing.md).</summary>
    public const string Terminal = Arc + ".2";

    /// <summary>TLS web server authentication (RFC 5280).</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>TLS web client authentication (RFC 5280).</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
}
