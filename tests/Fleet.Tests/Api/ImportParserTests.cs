using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Fleet.Server.Import;

namespace Fleet.Tests.Api;

/// <summary>The streaming readers give the same rows however the body is cut into blocks: a block
/// may end inside a quoted field, between the two quotes of a doubled quote, or inside a JSON row.</summary>
public sealed class ImportParserTests
{
    /// <summary>A reader that hands out one character per read, the worst case for block boundaries.</summary>
    private sealed class TrickleReader(string text) : TextReader
    {
        private int _at;
        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));
        public override int Read(Span<char> buffer)
        {
            if (_at >= text.Length || buffer.Length == 0) return 0;
            buffer[0] = text[_at++];
            return 1;
        }
        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken ct = default) => new(Read(buffer.Span));
    }

    private static async Task<List<ImportRecord>> AllAsync(IAsyncEnumerable<ImportRecord> records)
    {
        var list = new List<ImportRecord>();
        await foreach (var r in records) list.Add(r);
        return list;
    }

    [Fact]
    public async Task Csv_read_a_character_at_a_time()
    {
        var csv = "type,id,name,timeZone\r\nstore,s1,\"Kiosk, \"\"North\"\"\r\nline two\",UTC\r\n\r\nstore,s2,\"\"\"\",UTC";
        var rows = await AllAsync(ImportParser.ReadCsvAsync(new TrickleReader(csv)));
        Assert.Equal(2, rows.Count);
        Assert.Equal(("line 2", "Kiosk, \"North\"\r\nline two"), (rows[0].Row, rows[0]["name"]));
        Assert.Equal(("line 5", "\""), (rows[1].Row, rows[1]["name"]));
        Assert.Equal("s2", rows[1]["storeId"]);
    }

    [Theory]
    [InlineData("type,id,name\nstore,s1,\"never closed\n")]
    [InlineData("type,id,name\nstore,s1,a\"b\n")]
    [InlineData("")]
    public async Task Unreadable_csv_is_a_format_error(string csv)
    {
        await Assert.ThrowsAsync<FormatException>(() => AllAsync(ImportParser.ReadCsvAsync(new TrickleReader(csv))));
    }

    [Fact]
    public async Task A_csv_record_cannot_grow_without_bound()
    {
        var csv = "type,id,name\nstore,s1,\"" + new string('x', CsvReader.MaxRecordChars + 10);
        var e = await Assert.ThrowsAsync<FormatException>(() => AllAsync(ImportParser.ReadCsvAsync(new StringReader(csv))));
        Assert.Contains("Line 2", e.Message);
    }

    private static IAsyncEnumerable<ImportRecord> JsonInSmallBlocks(string json) =>
        ImportParser.ReadJsonAsync(PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(json)),
            new StreamPipeReaderOptions(bufferSize: 7, minimumReadSize: 1)));

    [Fact]
    public async Task Json_read_in_seven_byte_blocks()
    {
        var json = """
            {"stores":[{"storeId":"s1","name":"Kiosk \"North\" ü","timeZone":"UTC"}, 42],
             "terminals":[],
             "pos":[{"posId":"p1","storeId":"s1","name":null,"extra":{"deep":[1,2]}}]}
            """;
        var rows = await AllAsync(JsonInSmallBlocks(json));
        Assert.Equal(["stores[0]", "stores[1]", "pos[0]"], rows.Select(r => r.Row));
        Assert.Equal("Kiosk \"North\" ü", rows[0]["name"]);
        Assert.Equal("row", Assert.Single(rows[1].ReadErrors).Field);
        Assert.Equal("extra", Assert.Single(rows[2].ReadErrors).Field);
        Assert.Null(rows[2]["name"]);
    }

    [Theory]
    [InlineData("{\"stores\":[{\"storeId\":\"s1\"}")]
    [InlineData("{\"robots\":[]}")]
    [InlineData("{\"stores\":{}}")]
    [InlineData("[]")]
    [InlineData("{\"stores\":[]} []")]
    [InlineData("")]
    public async Task Unreadable_json_is_refused(string json)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => AllAsync(JsonInSmallBlocks(json)));
        Assert.True(e is FormatException or JsonException, e.GetType().Name);
    }
}
