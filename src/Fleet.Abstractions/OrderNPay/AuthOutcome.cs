namespace Fleet.OrderNPay;

/// <summary>Which check an auth request passed or failed.</summary>
[GenerateSerializer, Alias("fleet.onp-auth-outcome")]
public enum AuthOutcome
{
    Issued = 0,
    UnknownOutlet = 1,
    PosRemoteIdMismatch = 2,
    SecretInvalid = 3,
    /// <summary>The secret changed between reading its salt and checking it; the caller retries.</summary>
    SecretChanged = 4,
}
