namespace Fleet.Pki;

/// <summary>Told when a watched certificate is revoked: how an open mTLS WebSocket learns of it at
/// once, on whichever silo it is connected to.</summary>
public interface ICertificateWatcher : IGrainObserver
{
    void Revoked(CertificateView certificate);
}
