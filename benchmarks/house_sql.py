"""SQL pieces the hand-written answers of benchmarks.house_baseline are written with: each
answer is one statement that returns the operation's whole `data` as JSON text, so these
say once how a value is written the way tprm's GraphQL answer writes it.

- A global ID is base64 of "Type:uuid" (strawberry's relay IDs); PostgreSQL's base64 breaks
  lines every 76 characters, which an ID must not have.
- Instants are written by to_json in a UTC session (the pool sets TimeZone), which is the
  ISO form Python's isoformat gives for asyncpg's UTC datetimes; dates are ISO already.
- A cursor is tprm's (app/api/relay.encode_cursor): URL-safe base64 of
  {"o": order, "k": [the sort key's values, each tagged by type]} without spaces.
"""

# Statements are put together from this module's own text; every value is a parameter.
# ruff: noqa: S608

from collections.abc import Sequence


def gid(type_name: str, column: str) -> str:
    """The global ID of the row whose id is `column`."""
    return (
        f"translate(encode(convert_to('{type_name}:' || {column}, 'UTF8'), 'base64'), E'\\n', '')"
    )


def nullable_gid(type_name: str, column: str) -> str:
    return f"CASE WHEN {column} IS NOT NULL THEN {gid(type_name, column)} END"


def member(alias: str) -> str:
    """A Member { id displayName } of the membership row `alias` (null when there is none)."""
    return (
        f"CASE WHEN {alias}.id IS NOT NULL THEN json_build_object("
        f"'id', {gid('Member', f'{alias}.id')}, 'displayName', {alias}.display_name) END"
    )


def member_of(column: str, tenant: str = "$1") -> str:
    """A Member { id displayName } of the membership id in `column`, read by its key."""
    return (
        f"(SELECT json_build_object('id', {gid('Member', 'm.id')}, "
        f"'displayName', m.display_name) FROM memberships m "
        f"WHERE m.tenant_id = {tenant} AND m.id = {column})"
    )


def member_of_user(column: str, tenant: str = "$1") -> str:
    """The Member the user in `column` is in the tenant (who did something is kept as a
    user; tprm shows the member), as { id displayName }."""
    return (
        f"(SELECT json_build_object('id', {gid('Member', 'm.id')}, "
        f"'displayName', m.display_name) FROM memberships m "
        f"WHERE m.tenant_id = {tenant} AND m.user_id = {column})"
    )


def cursor(order: str, keys: Sequence[tuple[str, str]]) -> str:
    """The cursor of a row: `keys` are (tag, column) pairs, the tag being tprm's ("dt" for
    an instant, "d" for a date, "uuid", or "" for a number)."""
    parts = []
    for tag, column in keys:
        if tag == "dt":
            parts.append(f"""'{{"dt":"' || (to_json({column}) #>> '{{}}') || '"}}'""")
        elif tag == "d":
            parts.append(f"""'{{"d":"' || {column}::text || '"}}'""")
        elif tag == "uuid":
            parts.append(f"""'{{"uuid":"' || {column}::text || '"}}'""")
        else:
            parts.append(f"{column}::text")
    joined = " || ',' || ".join(parts)
    text = f"""'{{"o":"{order}","k":[' || {joined} || ']}}'"""
    return f"translate(encode(convert_to({text}, 'UTF8'), 'base64'), E'+/\\n', '-_')"


def connection_json(node: str, first: int | str, nodes: str = "nodes") -> str:
    """A connection's totalCount-less part over a `page` of rows numbered `rn` in order (one
    more than asked, to know whether there is a next page), each with its `node` JSON and
    its `cursor`: pageInfo { hasNextPage endCursor } and the nodes (or edges)."""
    items = f"{node}" if nodes == "nodes" else f"json_build_object('node', {node})"
    return (
        f"'pageInfo', json_build_object("
        f"'hasNextPage', count(*) > {first}, "
        f"'endCursor', (array_agg(cursor ORDER BY rn DESC) FILTER (WHERE rn <= {first}))[1]), "
        f"'{nodes}', coalesce(json_agg({items} ORDER BY rn) FILTER (WHERE rn <= {first}), "
        f"'[]'::json)"
    )


def quote_of(column: str) -> str:
    """An item's quote as tprm writes it: whitespace collapsed, at most 300 characters."""
    return f"left(btrim(regexp_replace({column}, '\\s+', ' ', 'g')), 300)"
