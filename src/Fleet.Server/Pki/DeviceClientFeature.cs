using Fleet.Pki;

namespace Fleet.Server.Pki;

/// <summary>The POS identity of a connection that presented a valid, recorded, unrevoked Fleet
/// client certificate; set by <see cref="ClientCertificateGate"/>.</summary>
public sealed record DeviceClientFeature(ClientCertificateInfo Certificate);
