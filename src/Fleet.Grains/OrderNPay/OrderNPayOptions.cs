namespace Fleet.OrderNPay;

/// <summary>PowerEPOS "Order N Pay" settings (section <c>Fleet:OrderNPay</c>).</summary>
public sealed class OrderNPayOptions
{
    public const string Section = "Fleet:OrderNPay";

    /// <summary>How long an access token may be used to open the WebSocket. An open connection
    /// outlives its token; a reconnect after this needs a new token.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tokens an outlet may hold at once; the oldest are forgotten first.</summary>
    public int MaxOutstandingTokens { get; set; } = 8;

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new AuthSecret hashes (stored with each hash, so
    /// raising it affects secrets set from then on).</summary>
    public int SecretHashIterations { get; set; } = 100_000;

    /// <summary>Messages an outlet may hold unacknowledged; enqueueing beyond is refused.</summary>
    public int MaxPendingMessages { get; set; } = 500;

    /// <summary>Largest message payload, in bytes of JSON.</summary>
    public int MaxPayloadBytes { get; set; } = 32 * 1024;

    /// <summary>Acknowledged messages kept for <c>GET …/messages?state=acked</c>.</summary>
    public int AckedHistory { get; set; } = 50;

    /// <summary>Failed auth attempts for one outlet from one client address within
    /// <see cref="FailureWindow"/> before that address is refused with 429 for that outlet. Other
    /// addresses are not affected: failures never refuse the right credentials from elsewhere.</summary>
    public int OutletFailureLimit { get; set; } = 10;

    /// <summary>Failed auth attempts per client address (any outlet) within <see cref="FailureWindow"/>.</summary>
    public int AddressFailureLimit { get; set; } = 30;

    /// <summary>How long failures count, and how long a first block lasts.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Each further block in a row lasts twice as long as the one before, up to this (never
    /// less than <see cref="FailureWindow"/>).</summary>
    public TimeSpan FailureMaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the server sends a WebSocket ping; a peer that does not answer within
    /// <see cref="KeepAliveTimeout"/> is dropped.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The connection's loop records that it is alive at least this often in storage.</summary>
    public TimeSpan PersistLastSeenEvery { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A recorded connection not seen for this long counts as disconnected (its silo died
    /// without saying so). Must exceed <see cref="PersistLastSeenEvery"/>.</summary>
    public TimeSpan ConnectionStaleAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long one wait for new messages may last before the loop asks again (kept well
    /// under Orleans' 30 s response timeout).</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<string> Problems()
    {
        if (TokenLifetime <= TimeSpan.Zero) yield return "TokenLifetime must be positive.";
        if (MaxOutstandingTokens < 1) yield return "MaxOutstandingTokens must be at least 1.";
        if (SecretHashIterations < 10_000) yield return "SecretHashIterations must be at least 10000.";
        if (MaxPendingMessages < 1) yield return "MaxPendingMessages must be at least 1.";
        if (MaxPayloadBytes < 256) yield return "MaxPayloadBytes must be at least 256.";
        if (AckedHistory < 0) yield return "AckedHistory must not be negative.";
        if (OutletFailureLimit < 1 || AddressFailureLimit < 1) yield return "Failure limits must be at least 1.";
        if (FailureWindow <= TimeSpan.Zero) yield return "FailureWindow must be positive.";
        if (PersistLastSeenEvery >= ConnectionStaleAfter) yield return "PersistLastSeenEvery must be shorter than ConnectionStaleAfter.";
        if (PollWait <= TimeSpan.Zero || PollWait > TimeSpan.FromSeconds(25)) yield return "PollWait must be between 0 and 25 seconds.";
    }
}
