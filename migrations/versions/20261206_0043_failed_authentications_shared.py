"""failed authentications counted in PostgreSQL, across every API process

The brake on guessing tokens (app/security.py) counted a client's failures in the memory of
the process that saw them: behind `tprm serve --workers N`, or several servers behind a load
balancer, a client got N times its failures a minute. Each failure is now counted here, by
`tprm_authentication_failed`, for every process alike; a process still remembers the clients
it has seen go over the limit and refuses them without a round trip.

One row per client address (an IPv6 /64) and brake (`scope`: members' /graphql and the
respondents' API are counted apart): its failures of the last minute, at most the limit,
oldest first. The failure that makes the limit refuses the client for a minute from then;
a failure in that minute (in a process that had not heard of it yet) is refused and not
counted, so the minute is the same for every process, and each process checks at most one of
the client's credentials in it.

UNLOGGED: a minute of counts is not worth a write-ahead log; a crash of the server forgets
them (the table comes back empty). The app role has no grant on the table, only on the
function, which runs as the owner.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

from app.migrate import app_role

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = """
    CREATE UNLOGGED TABLE authentication_failures (
        scope text NOT NULL,
        client text NOT NULL,
        recent timestamptz[] NOT NULL,
        last_failed_at timestamptz NOT NULL,
        PRIMARY KEY (scope, client)
    )"""

# Counts a failure unless the client is over the limit already. Returns whether it was
# counted, the client's failures in the last minute, and how many seconds more it is refused
# (0: not over the limit). The time is read once the client's row is locked, so concurrent
# failures of one client are appended in order.
FAILED = """
    CREATE FUNCTION tprm_authentication_failed(p_scope text, p_client text, p_per_minute integer)
    RETURNS TABLE (counted boolean, failures integer, refused_seconds double precision)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      kept timestamptz[];
      failed_at timestamptz;
    BEGIN
      LOOP
        SELECT f.recent INTO kept FROM authentication_failures f
         WHERE f.scope = p_scope AND f.client = p_client FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO authentication_failures (scope, client, recent, last_failed_at)
        VALUES (p_scope, p_client, '{}', clock_timestamp())
        ON CONFLICT (scope, client) DO NOTHING;
        IF FOUND THEN
          -- a client new this minute: the rows of clients whose minute is over go
          DELETE FROM authentication_failures
           WHERE last_failed_at < clock_timestamp() - interval '1 minute';
        END IF;
      END LOOP;
      failed_at := clock_timestamp();
      kept := ARRAY(SELECT t FROM unnest(kept) AS t
                     WHERE t > failed_at - interval '1 minute' ORDER BY t);
      counted := cardinality(kept) < p_per_minute;
      IF counted THEN
        kept := kept || failed_at;
        UPDATE authentication_failures SET recent = kept, last_failed_at = failed_at
         WHERE scope = p_scope AND client = p_client;
      END IF;
      failures := cardinality(kept);
      -- over the limit: refused until a minute after the newest counted failure, the one
      -- that made the limit (by then every one counted is a minute old)
      refused_seconds := CASE WHEN failures < p_per_minute THEN 0
        ELSE greatest(0, extract(epoch FROM kept[failures] + interval '1 minute' - failed_at))
      END;
      RETURN NEXT;
    END $$"""

SIGNATURE = "tprm_authentication_failed(text, text, integer)"


def upgrade() -> None:
    op.execute(TABLE)
    op.execute(
        "CREATE INDEX authentication_failures_last_idx ON authentication_failures "
        "(last_failed_at)"
    )
    op.execute(FAILED)
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {app_role()}")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION {SIGNATURE}")
    op.execute("DROP TABLE authentication_failures")
