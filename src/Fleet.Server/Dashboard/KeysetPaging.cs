namespace Fleet.Server.Dashboard;

/// <summary>Page-by-page navigation over keyset cursors. The read model answers "the rows after this
/// cursor", never "page 57", so the grid offers next and previous: going forward pushes the cursor
/// that led to the page, going back pops it. Any change of sort, filter or page size starts again
/// from the first page, because a cursor is only valid for the query that produced it.</summary>
public sealed class KeysetPaging(int pageSize = KeysetPaging.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    private readonly List<string?> _cursors = [null];
    private string? _query;

    public int PageSize { get; private set; } = pageSize;
    public int PageIndex { get; private set; }
    public string? NextCursor { get; private set; }
    public int ItemsOnPage { get; private set; }

    /// <summary>The cursor to load the current page with (null for the first page).</summary>
    public string? Cursor => _cursors[PageIndex];

    public bool HasPrevious => PageIndex > 0;
    public bool HasNext => NextCursor is not null;
    public int FirstItem => ItemsOnPage == 0 ? 0 : PageIndex * PageSize + 1;
    public int LastItem => PageIndex * PageSize + ItemsOnPage;

    /// <summary>Call before loading with a key of everything that shapes the query.</summary>
    public void Track(string query)
    {
        if (query == _query) return;
        _query = query;
        Reset();
    }

    public void Reset()
    {
        _cursors.Clear();
        _cursors.Add(null);
        PageIndex = 0;
        NextCursor = null;
        ItemsOnPage = 0;
    }

    public void SetPageSize(int size)
    {
        if (size == PageSize) return;
        PageSize = size;
        Reset();
    }

    /// <summary>Records what the current page's load returned.</summary>
    public void Loaded(int items, string? nextCursor)
    {
        ItemsOnPage = items;
        NextCursor = nextCursor;
    }

    public bool MoveNext()
    {
        if (NextCursor is null) return false;
        _cursors.RemoveRange(PageIndex + 1, _cursors.Count - PageIndex - 1);
        _cursors.Add(NextCursor);
        PageIndex++;
        NextCursor = null;
        return true;
    }

    public bool MovePrevious()
    {
        if (PageIndex == 0) return false;
        PageIndex--;
        NextCursor = null;
        return true;
    }
}
