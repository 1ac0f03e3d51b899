using Fleet.Server.Dashboard;

namespace Fleet.Tests.Dashboard;

public sealed class KeysetPagingTests
{
    [Fact]
    public void Next_pushes_the_cursor_and_previous_returns_to_it()
    {
        var paging = new KeysetPaging(pageSize: 2);
        paging.Track("q");
        Assert.Null(paging.Cursor);
        paging.Loaded(2, "c1");
        Assert.True(paging.HasNext);
        Assert.False(paging.HasPrevious);

        Assert.True(paging.MoveNext());
        Assert.Equal("c1", paging.Cursor);
        paging.Loaded(2, "c2");
        Assert.True(paging.MoveNext());
        Assert.Equal("c2", paging.Cursor);
        paging.Loaded(1, null);
        Assert.False(paging.HasNext);
        Assert.False(paging.MoveNext());
        Assert.Equal((5, 5), (paging.FirstItem, paging.LastItem));

        Assert.True(paging.MovePrevious());
        Assert.Equal("c1", paging.Cursor);
        Assert.True(paging.MovePrevious());
        Assert.Null(paging.Cursor);
        Assert.False(paging.MovePrevious());
    }

    [Fact]
    public void Going_forward_again_after_going_back_uses_the_freshly_loaded_cursor()
    {
        var paging = new KeysetPaging(pageSize: 2);
        paging.Track("q");
        paging.Loaded(2, "c1");
        paging.MoveNext();
        paging.Loaded(2, "c2");
        paging.MovePrevious();
        paging.Loaded(2, "c1-new"); // rows were inserted meanwhile
        paging.MoveNext();
        Assert.Equal("c1-new", paging.Cursor);
    }

    [Fact]
    public void A_different_query_or_page_size_starts_from_the_first_page()
    {
        var paging = new KeysetPaging(pageSize: 2);
        paging.Track("sort=name");
        paging.Loaded(2, "c1");
        paging.MoveNext();
        paging.Track("sort=name");
        Assert.Equal("c1", paging.Cursor); // same query: stays

        paging.Track("sort=-name");
        Assert.Null(paging.Cursor);
        Assert.Equal(0, paging.PageIndex);

        paging.Loaded(2, "c1");
        paging.MoveNext();
        paging.SetPageSize(50);
        Assert.Null(paging.Cursor);
        Assert.Equal(50, paging.PageSize);
    }
}
