using Fleet.Pki;

namespace Fleet.Server.Pki;

/// <summary>The identity of a connection that presented a valid, recorded, unrevoked certificate of
/// an enrolled terminal; set by <see cref="ClientCertificateGate"/>. A connection has this or a
/// <see cref="DeviceClientFeature"/> (a POS), never both.</summary>
public sealed record TerminalClientFeature(TerminalCertificateInfo Certificate);
