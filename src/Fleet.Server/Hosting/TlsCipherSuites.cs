using System.Net.Security;

namespace Fleet.Server.Hosting;

/// <summary>
/// What both listeners negotiate: TLS 1.3's suites, and for TLS 1.2 only forward-secret AEAD suites
/// (ECDHE with AES-GCM or ChaCha20-Poly1305). The CBC suites OpenSSL would otherwise offer are left
/// out: their MAC-then-encrypt construction is what padding-oracle attacks (Lucky Thirteen and its
/// successors) live on, and every POS stack that speaks TLS 1.2 also speaks GCM.
/// </summary>
public static class TlsCipherSuites
{
    /// <summary>Null where .NET cannot restrict suites (only its OpenSSL backend, on Linux, can).</summary>
    public static CipherSuitesPolicy? Policy { get; } = !OperatingSystem.IsLinux() ? null : new CipherSuitesPolicy(
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]);
}
