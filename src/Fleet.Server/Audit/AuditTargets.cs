namespace Fleet.Server.Audit;

/// <summary>Target types of audit events: the kinds of thing a command changes.</summary>
public static class AuditTargets
{
    public const string Store = "store";
    public const string Terminal = "terminal";
    public const string Pos = "pos";
    public const string ApiKey = "api-key";
    public const string User = "user";
    public const string Import = "import";
    public const string Certificate = "certificate";
    public const string CertificateAuthority = "ca";
    public const string Activation = "activation";
    public const string OrderNPay = "order-n-pay";
}
