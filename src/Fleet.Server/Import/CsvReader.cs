using System.Runtime.CompilerServices;
using System.Text;

namespace Fleet.Server.Import;

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends, line
/// breaks inside quotes. Enough for spreadsheets' exports without a dependency. It reads the text
/// a block at a time and holds only the record being read, so a file of any length streams
/// through; a single record is bounded (<see cref="MaxRecordChars"/>) so that an unclosed quote
/// cannot make it swallow the whole upload.</summary>
public static class CsvReader
{
    public const int MaxRecordChars = 64 * 1024;
    private const int BlockChars = 16 * 1024;

    /// <summary>Records with the line number each starts on, read asynchronously (request bodies
    /// may not be read synchronously).</summary>
    public static async IAsyncEnumerable<(int Line, List<string> Fields)> ReadAsync(
        TextReader reader, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var parser = new Parser();
        var block = new char[BlockChars];
        var records = new List<(int, List<string>)>();
        int read;
        while ((read = await reader.ReadAsync(block.AsMemory(), ct)) > 0)
        {
            parser.Feed(block.AsSpan(0, read), records);
            foreach (var record in records) yield return record;
            records.Clear();
        }
        parser.Finish(records);
        foreach (var record in records) yield return record;
    }

    /// <summary>The same, synchronously, for text already in memory.</summary>
    public static IEnumerable<(int Line, List<string> Fields)> Read(TextReader reader)
    {
        var parser = new Parser();
        var block = new char[BlockChars];
        var records = new List<(int, List<string>)>();
        int read;
        while ((read = reader.Read(block, 0, block.Length)) > 0)
        {
            parser.Feed(block.AsSpan(0, read), records);
            foreach (var record in records) yield return record;
            records.Clear();
        }
        parser.Finish(records);
        foreach (var record in records) yield return record;
    }

    /// <summary>The reader's state between blocks: a block may end anywhere, even between the two
    /// quotes of a doubled quote.</summary>
    private sealed class Parser
    {
        private List<string> _fields = [];
        private readonly StringBuilder _field = new();
        private int _line = 1;
        private int _recordLine = 1;
        private int _recordChars;
        private bool _inQuotes;
        private bool _quoteInQuotes; // a quote inside a quoted field: doubled, or the closing one?
        private bool _fieldStarted;

        public void Feed(ReadOnlySpan<char> text, List<(int, List<string>)> records)
        {
            foreach (var ch in text)
            {
                if (++_recordChars > MaxRecordChars)
                    throw new FormatException($"Line {_recordLine}: a record is longer than {MaxRecordChars} characters; is a quote left open?");
                if (_quoteInQuotes)
                {
                    _quoteInQuotes = false;
                    if (ch == '"')
                    {
                        _field.Append('"');
                        continue;
                    }
                    _inQuotes = false; // that quote closed the field; read this character as unquoted
                }
                if (_inQuotes)
                {
                    if (ch == '"') _quoteInQuotes = true;
                    else
                    {
                        if (ch == '\n') _line++;
                        _field.Append(ch);
                    }
                    continue;
                }
                switch (ch)
                {
                    case '"' when !_fieldStarted:
                        _inQuotes = true;
                        _fieldStarted = true;
                        break;
                    case '"':
                        throw new FormatException($"Line {_line}: a quote inside an unquoted field; quote the whole field and double the quote.");
                    case ',':
                        _fields.Add(_field.ToString());
                        _field.Clear();
                        _fieldStarted = false;
                        break;
                    case '\r':
                        break;
                    case '\n':
                        _fields.Add(_field.ToString());
                        if (_fields.Count > 1 || _fields[0].Length > 0) records.Add((_recordLine, _fields));
                        _fields = [];
                        _field.Clear();
                        _fieldStarted = false;
                        _line++;
                        _recordLine = _line;
                        _recordChars = 0;
                        break;
                    default:
                        _field.Append(ch);
                        _fieldStarted = true;
                        break;
                }
            }
        }

        public void Finish(List<(int, List<string>)> records)
        {
            if (_quoteInQuotes)
            {
                _quoteInQuotes = false;
                _inQuotes = false;
            }
            if (_inQuotes) throw new FormatException($"Line {_recordLine}: a quoted field is not closed.");
            if (_fieldStarted || _field.Length > 0 || _fields.Count > 0)
            {
                _fields.Add(_field.ToString());
                records.Add((_recordLine, _fields));
            }
        }
    }
}
