"""The CSV export walks the whole filtered inventory a batch at a time, by name."""

import csv
import io

from domain.vendors.csv_export import export_csv
from domain.vendors.models import VendorStatus
from domain.vendors.queries import VendorFilter
from tests.factories import actor_of, make_tenant, make_vendor

NAMES = ["Cloud Echo", "Alpha Cloud", "Cloud Delta", "Bravo Cloud", "Charlie Cloud"]


async def _exported(db, acme, criteria: VendorFilter) -> list[str]:
    def transaction():
        return db.transaction(acme.tenant_id)

    text = "".join([c async for c in export_csv(transaction, actor_of(acme), criteria, batch=2)])
    return [row["name"] for row in csv.DictReader(io.StringIO(text))]


async def test_every_batch_is_read_in_name_order_with_or_without_a_search(db):
    acme = await make_tenant(db)
    for name in NAMES:
        await make_vendor(db, acme, name, status=VendorStatus.ACTIVE)
    await make_vendor(db, acme, "Cloudless Prospect")  # not ACTIVE
    await make_vendor(db, acme, "Zulu Hosting", status=VendorStatus.ACTIVE)  # no "cloud"
    active = ["ACTIVE"]

    everything = await _exported(db, acme, VendorFilter())
    searched = await _exported(db, acme, VendorFilter(search="cloud", statuses=active))
    filtered = await _exported(db, acme, VendorFilter(statuses=active))

    assert everything == sorted([*NAMES, "Cloudless Prospect", "Zulu Hosting"])
    assert searched == sorted(NAMES)
    assert filtered == sorted([*NAMES, "Zulu Hosting"])
