using System.Globalization;
using System.Text.Json;
using Fleet.OrderNPay;

namespace Fleet.Server.OrderNPay;

/// <summary>The JSON text frames Fleet sends on the Order N Pay channel (docs/order-n-pay.md).</summary>
public static class ChannelFrames
{
    public static byte[] Message(OutletMessage message) => Write(writer =>
    {
        writer.WriteString("messageId", message.MessageId);
        writer.WriteString("type", message.Type);
        writer.WriteString("createdAt", message.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WritePropertyName("payload");
        writer.WriteRawValue(message.PayloadJson, skipInputValidation: false);
    });

    public static byte[] Pong() => Write(writer => writer.WriteString("type", "pong"));

    public static byte[] Error(string text) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("error", text);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
