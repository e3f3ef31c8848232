"""The CSV import refuses a file over its row limit before it works on a single row."""

from sqlalchemy import event

from domain.shared.errors import InvalidInput
from domain.vendors.csv_io import import_vendors
from tests.factories import actor_of, make_tenant


def _sheet(rows: int) -> bytes:
    lines = ["name,domain"] + [f"Vendor {n},vendor{n}.example" for n in range(rows)]
    return "\n".join(lines).encode()


async def _statements_while_importing(db, acme, data: bytes, max_rows: int) -> tuple[int, str]:
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    engine = db.engine.sync_engine
    async with db.transaction(acme.tenant_id) as session:
        event.listen(engine, "before_cursor_execute", count)
        try:
            await import_vendors(session, actor_of(acme), data, dry_run=True, max_rows=max_rows)
            outcome = "imported"
        except InvalidInput as error:
            outcome = error.message
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(sent), outcome


async def test_a_file_over_the_row_limit_is_refused_before_any_row_is_worked_on(db):
    acme = await make_tenant(db)

    at_limit, imported = await _statements_while_importing(db, acme, _sheet(5), max_rows=5)
    over_limit, refused = await _statements_while_importing(db, acme, _sheet(6), max_rows=5)

    assert imported == "imported"
    assert at_limit > 5  # five rows' work
    assert refused == "The file has more than 5 rows."
    assert over_limit == 0
