// A minimal Order N Pay POS for trying Fleet out: connects with an access token, trusting only
// Fleet's root CA, prints every message and acks it.
// Run: dotnet run docs/examples/order-n-pay-pos.cs -- "wss://localhost:5001/?token=$TOKEN" fleet-root.pem
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

var (url, rootPem) = (args[0], args[1]);             // wss://localhost:5001/?token=…  fleet-root.pem
var root = X509Certificate2.CreateFromPem(File.ReadAllText(rootPem));
using var ws = new ClientWebSocket();
ws.Options.RemoteCertificateValidationCallback = (_, cert, sent, _) =>
{
    using var chain = new X509Chain();
    if (sent is not null) foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
    chain.ChainPolicy.CustomTrustStore.Add(root);
    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
    return cert is not null && chain.Build(new X509Certificate2(cert));
};
await ws.ConnectAsync(new Uri(url), CancellationToken.None);
var buffer = new byte[64 * 1024];
while (ws.State == WebSocketState.Open)
{
    var result = await ws.ReceiveAsync(buffer, CancellationToken.None);   // one frame per message
    if (result.MessageType == WebSocketMessageType.Close) { Console.WriteLine($"closed: {ws.CloseStatus} {ws.CloseStatusDescription}"); break; }
    var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
    Console.WriteLine(text);
    var id = JsonDocument.Parse(text).RootElement.GetProperty("messageId").GetString();
    var ack = Encoding.UTF8.GetBytes($"{{\"type\":\"ack\",\"messageId\":\"{JsonEncodedText.Encode(id!)}\"}}");
    await ws.SendAsync(ack, WebSocketMessageType.Text, true, CancellationToken.None);
}
