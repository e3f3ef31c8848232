"""Keyset pagination over any select, forwards or backwards, with a total count."""

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ClauseElement,
    ColumnElement,
    Integer,
    Select,
    SmallInteger,
    Subquery,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.visitors import replacement_traverse

from domain.shared.errors import InvalidInput
from domain.shared.loading import one_of_bound

# A page's row written as an expression of it (its columns, as PAGE_ROW.<name>; what other
# tables hold about it): see paginate's `shape`.
Shape = ColumnElement[Any]
PAGE_ROW = "page_row"
# What a page holds when neither `first` nor `last` says.
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class PageRequest:
    """`after`/`before` are the sort-key tuples of the edge rows (decoded cursors)."""

    first: int | None = None
    after: tuple[Any, ...] | None = None
    last: int | None = None
    before: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class SortKey:
    """One term of the order; the terms together must be unique (end with the id)."""

    expression: Any
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Any]
    keys: list[tuple[Any, ...]]
    has_next_page: bool
    has_previous_page: bool
    total_count: int


# How many forms of one list are kept built: a few dozen are in use; the bound keeps a
# client who asks for every combination of criteria from filling the process.
FORMS_KEPT = 256
# A list's builder: called with the list's form (which criteria are given, not their
# values; the order), it returns the statement and the order, each value a named bind
# parameter, kept for the next request of that form (see paginate's `values`).
built_once = lru_cache(maxsize=FORMS_KEPT)


def inlined(statement: Select[Any], values: Mapping[str, Any]) -> Select[Any]:
    """A listing built once (see paginate's `values`) with its parameters given in place:
    each an expression (a correlated column), or a value bound under a name of its own,
    for a statement built into another (a page PostgreSQL writes inside its parent's)."""

    def given(element: Any, **_: Any) -> Any:
        if isinstance(element, BindParameter) and element.key in values:
            value = values[element.key]
            if isinstance(value, ClauseElement):
                return value
            return bindparam(element.key, value, type_=element.type, unique=True)
        return None

    return cast(Select[Any], replacement_traverse(statement, {}, given))


def _as_keys(sort: Sequence[Any]) -> list[SortKey]:
    return [key if isinstance(key, SortKey) else SortKey(key) for key in sort]


# The largest magnitude each integer column type holds: a cursor's number beyond it would
# fail in the database, not compare.
_INT_LIMITS: dict[type, int] = {SmallInteger: 2**15 - 1, Integer: 2**31 - 1, BigInteger: 2**63 - 1}


def _check_cursor(keys: Sequence[SortKey], cursor: tuple[Any, ...], field: str) -> None:
    """A cursor's values must fit this order's columns, or the database would be asked
    to compare a number with text: INVALID instead."""
    if len(cursor) != len(keys):
        raise InvalidInput("Not a valid cursor for this list and order.", field)
    for key, value in zip(keys, cursor, strict=True):
        try:
            expected = key.expression.type.python_type
        except (AttributeError, NotImplementedError):
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise InvalidInput("Not a valid cursor for this list and order.", field)
        if expected is int and abs(value) > _INT_LIMITS.get(type(key.expression.type), 2**63):
            raise InvalidInput("Not a valid cursor for this list and order.", field)


def _bound_cursor(keys: Sequence[SortKey], side: str) -> list[Any]:
    """A cursor's values as bind parameters named page_<side>_<i>, typed as its order's
    columns: bound when the page is read (`_cursor_values`)."""
    return [bindparam(f"page_{side}_{i}", type_=key.expression.type) for i, key in enumerate(keys)]


def _cursor_values(cursor: tuple[Any, ...], side: str) -> dict[str, Any]:
    return {f"page_{side}_{i}": value for i, value in enumerate(cursor)}


def _beyond(keys: Sequence[SortKey], side: str, forward: bool) -> Any:
    """Rows strictly after (forward) or before the cursor bound as `side` in the order
    `keys` define."""
    cursor = _bound_cursor(keys, side)
    clauses = []
    for i, key in enumerate(keys):
        equal_prefix = [keys[j].expression == cursor[j] for j in range(i)]
        later = forward != key.descending
        step = key.expression > cursor[i] if later else key.expression < cursor[i]
        clauses.append(and_(*equal_prefix, step))
    return or_(*clauses)


def _direction(expression: Any, descending: bool) -> Any:
    return expression.desc() if descending else expression.asc()


def _whole_rows(
    page_stmt: Select[Any],
    rows_of: Callable[[Subquery], Select[Any]],
    keys: Sequence[SortKey],
    backward: bool,
    counted: bool,
) -> Select[Any]:
    """The page of ids as a subquery, its rows read whole, in the same order and shape:
    the row, the sort key's values, and the total when counted."""
    page = page_stmt.subquery("page")
    key_columns = [page.c[f"sort_{i}"] for i in range(len(keys))]
    whole = rows_of(page).add_columns(*key_columns)
    if counted:
        whole = whole.add_columns(page.c.total)
    return whole.order_by(*_order_of(key_columns, keys, backward))


def _shaped(
    page_stmt: Select[Any],
    shape: Shape,
    keys: Sequence[SortKey],
    backward: bool,
    counted: bool,
) -> Select[Any]:
    """The page's rows written as `shape` makes them of a row, in the same order and shape:
    the written row, the sort key's values, and the total when counted."""
    # Named rather than read from the subquery's columns: those are built for every column
    # of the row, which costs more than the rest of the statement.
    key_columns = [
        literal_column(f"{PAGE_ROW}.sort_{i}", key.expression.type) for i, key in enumerate(keys)
    ]
    written = select(shape, *key_columns).select_from(page_stmt.subquery(PAGE_ROW))
    if counted:
        written = written.add_columns(literal_column(f"{PAGE_ROW}.total", BigInteger))
    return written.order_by(*_order_of(key_columns, keys, backward))


def _order_of(key_columns: Sequence[Any], keys: Sequence[SortKey], backward: bool) -> list[Any]:
    """The page's order again, outside the subquery that put its rows in it."""
    return [
        _direction(column, key.descending != backward)
        for column, key in zip(key_columns, keys, strict=True)
    ]


# The value of the page's LIMIT: one row more than the page, to tell whether more follow.
_LIMIT = "page_limit"


@dataclass(frozen=True, slots=True)
class _Paging:
    """A page's statement, and its count: paginate's when the page is empty (the total then
    has no row to ride on), paginate_each's per parent when the page is past a cursor."""

    page: Select[Any]
    counting: Select[Any]
    # what the key of this entry names by id, held so that no id is taken by another
    held: tuple[Any, ...]


# Page statements of listings built once (see paginate's `values`), by the ids of what
# they were built of and how the page is asked: the forms of two dozen lists in use, each
# paged forwards or backwards, after a cursor or not, read whole or written in a shape.
_BUILT: OrderedDict[tuple[Any, ...], _Paging] = OrderedDict()
_BUILT_KEPT = 1024


def _built(key: tuple[Any, ...], build: Callable[[], _Paging]) -> _Paging:
    paging = _BUILT.get(key)
    if paging is None:
        paging = _BUILT[key] = build()
        if len(_BUILT) > _BUILT_KEPT:
            _BUILT.popitem(last=False)
    else:
        _BUILT.move_to_end(key)
    return paging


def _page_statement(
    statement: Select[Any],
    sort: Sequence[Any],
    after: bool,
    before: bool,
    backward: bool,
    windowed: bool,
    count: bool,
    rows_of: Callable[[Subquery], Select[Any]] | None,
    shape: Shape | None,
) -> _Paging:
    """paginate's statement, its cursors and LIMIT bound when it runs."""
    keys = _as_keys(sort)
    counting = select(func.count()).select_from(statement.order_by(None).subquery())
    # Labelled, so that a page read as a subquery (rows_of) names each column once.
    page_stmt = statement.add_columns(
        *(k.expression.label(f"sort_{i}") for i, k in enumerate(keys))
    )
    if windowed:
        page_stmt = page_stmt.add_columns(func.count().over().label("total"))
    elif count:
        # An uncorrelated subquery: PostgreSQL counts once, in the page's own round trip.
        page_stmt = page_stmt.add_columns(counting.scalar_subquery().label("total"))
    if after:
        page_stmt = page_stmt.where(_beyond(keys, "after", forward=True))
    if before:
        page_stmt = page_stmt.where(_beyond(keys, "before", forward=False))
    order = [_direction(k.expression, k.descending != backward) for k in keys]
    page_stmt = page_stmt.order_by(*order).limit(bindparam(_LIMIT, type_=Integer))
    if rows_of is not None:
        page_stmt = _whole_rows(page_stmt, rows_of, keys, backward, count)
    if shape is not None:
        page_stmt = _shaped(page_stmt, shape, keys, backward, count)
    return _Paging(page_stmt, counting, (statement, sort, rows_of, shape))


def _asked(
    keys: Sequence[SortKey],
    request: PageRequest,
    default_size: int,
    values: Mapping[str, Any] | None,
) -> tuple[int, bool, dict[str, Any]]:
    """How a page is asked: its size, whether from the end, and the values its statement
    binds (the listing's, the LIMIT's, the cursors' once checked against the order)."""
    backward = request.last is not None and request.first is None
    size = request.last if backward else request.first
    if size is None:
        size = default_size
    bound = dict(values or {})
    bound[_LIMIT] = size + 1
    if request.after is not None:
        _check_cursor(keys, request.after, "after")
        bound |= _cursor_values(request.after, "after")
    if request.before is not None:
        _check_cursor(keys, request.before, "before")
        bound |= _cursor_values(request.before, "before")
    return size, backward, bound


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    sort: Sequence[Any],
    request: PageRequest,
    default_size: int = DEFAULT_PAGE_SIZE,
    count_in_page: bool = False,
    count: bool = True,
    rows_of: Callable[[Subquery], Select[Any]] | None = None,
    shape: Shape | None = None,
    values: Mapping[str, Any] | None = None,
) -> Page:
    """One page of an entity select in the order of `sort` (columns or SortKeys), and the
    total, in one statement (a second only when the page is empty: the total then has no
    row to ride on).

    `count_in_page`: for orders that must read every match anyway (relevance), the
    first page counts with a window function instead of a second pass. Without
    `count` the total is left at 0 (a caller walking every page needs none).
    `rows_of`: for a statement that selects ids (narrow rows are cheaper to sort), the
    select of whole rows joined to the page of ids it is given, read in the same
    statement: only the page's rows are read whole.
    `shape`: each row written as this expression of the page's row (its columns, named
    PAGE_ROW.<column>, and what other tables hold about it) instead of read whole: Page.rows
    are its values.
    `values`: for a listing built once for its form (the criteria given, not their values:
    the same `statement`, `sort` and `rows_of` objects each time), the values of its
    named bind parameters. The page's statement is then built once too, for each way the
    page is asked, and only the values are bound per request: building and keying a
    statement costs a small page's request more than running it. Names beginning `page_`
    are the page's own. Without `values`, `statement` is one built for this call, and so
    is the page's.
    """
    keys = _as_keys(sort)
    first_page = request.after is None and request.before is None
    windowed = count and count_in_page and first_page
    size, backward, bound = _asked(keys, request, default_size, values)
    form = (request.after is not None, request.before is not None, backward, windowed, count)

    def build() -> _Paging:
        return _page_statement(statement, sort, *form, rows_of, shape)

    if values is None:
        paging = build()
    else:
        paging = _built((id(statement), id(sort), id(rows_of), id(shape), *form), build)
    result = await session.execute(paging.page, bound)
    rows: list[Any] = list(result.all())
    total = 0
    if count:  # read before trimming: `first: 0` still fetches one row to count with
        if rows:
            total = rows[0][-1]
        elif not windowed:  # no row to ride on: past the end, or nothing matches
            total = await session.scalar(paging.counting, bound) or 0
        rows = [row[:-1] for row in rows]
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    return Page(
        rows=[row[0] for row in rows],
        keys=[tuple(row[1:]) for row in rows],
        has_next_page=more if not backward else request.before is not None,
        has_previous_page=more if backward else request.after is not None,
        total_count=int(total),
    )


_PARENTS = "page_parents"


async def paginate_each(
    session: AsyncSession,
    statement: Select[Any],
    sort: Sequence[Any],
    request: PageRequest,
    parent: Any,
    parents: Sequence[Any],
    default_size: int = DEFAULT_PAGE_SIZE,
    shape: Shape | None = None,
    values: Mapping[str, Any] | None = None,
) -> dict[Any, Page]:
    """The same page (`request`, in the order of `sort`) of an entity select for each of
    `parents` (values of the column `parent`), whatever their number, in one statement:
    every parent's rows, numbered within their parent by a window function, up to one more
    than the page, each with its parent's total. A page after or before a cursor takes a
    second, for the totals (the window then sees only the rows beyond the cursor). What a
    list of vendors each showing its own findings needs, without a statement per vendor.

    `shape`: each row written as this expression of it (as paginate's) instead of read
    whole: Page.rows are its values. `values`: as paginate's."""
    keys = _as_keys(sort)
    first_page = request.after is None and request.before is None
    size, backward, bound = _asked(keys, request, default_size, values)
    bound[_PARENTS] = list(parents)
    form = (request.after is not None, request.before is not None, backward)

    def build() -> _Paging:
        return _each_statement(statement, sort, parent, *form, shape)

    if values is None:
        paging = build()
    else:
        paging = _built((id(statement), id(sort), id(parent), id(shape), "each", *form), build)
    totals: dict[Any, int] = {}
    if not first_page:
        totals = dict((await session.execute(paging.counting, bound)).all())
    rows = (await session.execute(paging.page, bound)).all()
    grouped: dict[Any, list[Any]] = {key: [] for key in parents}
    for row in rows:
        if first_page:
            totals[row[1]] = row[-1]
        grouped[row[1]].append(row[: 2 + len(keys)])
    pages = {}
    for key, found in grouped.items():
        more = len(found) > size
        found = found[:size]
        if backward:
            found.reverse()
        pages[key] = Page(
            rows=[row[0] for row in found],
            keys=[tuple(row[2:]) for row in found],
            has_next_page=more if not backward else request.before is not None,
            has_previous_page=more if backward else request.after is not None,
            total_count=int(totals.get(key, 0)),
        )
    return pages


def _each_statement(
    statement: Select[Any],
    sort: Sequence[Any],
    parent: Any,
    after: bool,
    before: bool,
    backward: bool,
    shape: Shape | None,
) -> _Paging:
    """paginate_each's statement and its totals' (for a page past a cursor), the parents,
    cursors and LIMIT bound when they run."""
    keys = _as_keys(sort)
    scoped = statement.where(one_of_bound(parent, _PARENTS))
    counted = scoped.order_by(None).subquery("counted")
    counting = select(counted.c[parent.key], func.count()).group_by(counted.c[parent.key])
    first_page = not (after or before)
    page_stmt = scoped
    if after:
        page_stmt = page_stmt.where(_beyond(keys, "after", forward=True))
    if before:
        page_stmt = page_stmt.where(_beyond(keys, "before", forward=False))
    order = [_direction(k.expression, k.descending != backward) for k in keys]
    numbered = page_stmt.add_columns(
        *(k.expression.label(f"sort_{i}") for i, k in enumerate(keys)),
        func.row_number().over(partition_by=parent, order_by=order).label("place"),
        *([func.count().over(partition_by=parent).label("total")] if first_page else []),
    ).subquery(PAGE_ROW)
    if shape is None:
        value: Any = aliased(statement.column_descriptions[0]["entity"], numbered)
    else:
        value = shape
    # Named rather than read from the subquery's columns, as in _shaped.
    named = [
        literal_column(f"{PAGE_ROW}.{parent.key}", parent.type),
        *(literal_column(f"{PAGE_ROW}.sort_{i}", k.expression.type) for i, k in enumerate(keys)),
    ]
    if first_page:
        named.append(literal_column(f"{PAGE_ROW}.total", BigInteger))
    page = (
        select(value, *named)
        .select_from(numbered)
        .where(literal_column(f"{PAGE_ROW}.place") <= bindparam(_LIMIT, type_=Integer))
        .order_by(named[0], literal_column(f"{PAGE_ROW}.place"))
    )
    return _Paging(page, counting, (statement, sort, parent, shape))
