"""Every knob of tprm, read from the environment (TPRM_*, and DATABASE_URL)."""

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Process-wide settings; see the README's table for each one."""

    model_config = SettingsConfigDict(env_prefix="TPRM_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "TPRM_DATABASE_URL"),
        description="PostgreSQL URL of the owner role; unset starts the embedded server.",
    )
    data_dir: Path = Field(
        default=Path(".tprm"),
        description="Holds the embedded database and locally stored files.",
    )
    app_database_url: str | None = Field(
        default=None,
        description="URL the API and workers log in with, as the app role; derived if unset.",
    )
    db_app_role: str = Field(
        default="tprm_app",
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="Role the API and workers log in as: neither superuser nor table owner.",
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="API processes `tprm serve` runs on its port (uvicorn's workers); job "
        "workers are `tprm worker`, apart.",
    )
    graphiql: bool = Field(default=True, description="Serve the GraphiQL IDE on GET /graphql.")
    demo: bool = Field(default=True, description="`tprm serve` ensures a demo tenant exists.")
    max_query_depth: int = Field(default=12, ge=2, le=50)
    max_aliases: int = Field(default=30, ge=1, le=1000)
    max_tokens: int = Field(default=2000, ge=100, le=100_000)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    max_query_cost: int = Field(
        default=10_000,
        ge=100,
        description="Most fields an operation may resolve (app/api/cost.py).",
    )
    max_request_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Largest /graphql request body."
    )
    # A document's sizeBytes is a GraphQL Int (32 bits): no upload may be larger.
    max_upload_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        le=2**31 - 1,
        description="Largest document a client may upload.",
    )
    body_timeout_seconds: float = Field(
        default=120,
        gt=0,
        description="Longest a client may take to send a request body (408 after that).",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For names the client (comma-separated, or *).",
    )
    auth_failures_per_minute: int = Field(
        default=30,
        ge=1,
        description="Failed authentications a client address may make in a minute before 429.",
    )
    link_seconds: int = Field(
        default=300,
        ge=10,
        le=86_400,
        description="How long a document link (Document.link) works after it is issued.",
    )
    link_signing_key: str | None = Field(
        default=None,
        min_length=32,
        description="Key document links are signed with; unset: the key the migrations "
        "stored in the database, which every process shares.",
    )
    respondent_link_key: str | None = Field(
        default=None,
        min_length=32,
        description="Key respondent link tokens are made with; unset: the key the migrations "
        "stored in the database. Set it in production, so that the database alone cannot "
        "make a vendor's token.",
    )
    respondent_link_base: str = Field(
        default="http://127.0.0.1:8000/respond",
        pattern=r"^https?://[^#\s]+$",
        description="Where a respondent link points (the tenant's questionnaire page for "
        "vendors); the token follows it after `#`, which browsers never send to a server.",
    )
    respondent_requests_per_minute: int = Field(
        default=120,
        ge=1,
        le=10_000,
        description="Requests one respondent link may make in a minute before 429.",
    )
    storage_url: str | None = Field(
        default=None,
        description="Object store for documents: s3://bucket[/prefix] (credentials and "
        "endpoint from the usual AWS_* variables) or file:///dir; unset keeps them under "
        "data_dir/objects.",
    )
    worker_heartbeat_seconds: float = Field(
        default=30, gt=0, description="A job silent this long is taken over by another worker."
    )
    worker_concurrency: int = Field(
        default=0, ge=0, le=64, description="Documents a worker parses at once; 0: one per core."
    )
    # The same variables set the limits of `tprm soc2 parse` (app/soc2_cli.py).
    parse_timeout_seconds: float = Field(
        default=120, gt=0, description="Longest a single document's parse may take."
    )
    parse_max_pages: int = Field(default=2000, ge=1, description="Refuse longer documents.")
    parse_max_memory_mb: int = Field(default=2048, ge=64, description="Memory cap per parse.")
    parse_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="`tprm worker`: how far each parse's process lowers its CPU priority (0: not "
        "at all), so that an API and a database on the same machine keep their cores.",
    )
    parse_max_attempts: int = Field(
        default=5, ge=1, le=50, description="Tries before a job that keeps failing is given up."
    )
    import_inline_max_rows: int = Field(
        default=500,
        ge=0,
        description="A vendor CSV of up to this many rows is imported within its request; "
        "a longer one is queued and imported in the background.",
    )
    evidence_pack_inline_max_vendors: int = Field(
        default=50,
        ge=0,
        description="An evidence pack of up to this many vendors in scope is written within "
        "its request; a larger one is queued and written in the background.",
    )
    import_batch_rows: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description="Rows a background import works on per transaction.",
    )
    webhook_allow_local: bool = Field(
        default=False,
        description="Let webhook endpoints be plain http or inside tprm's own network "
        "(localhost, private addresses): development and tests only. Off, every endpoint is "
        "https on a public address.",
    )
    webhook_timeout_seconds: float = Field(
        default=10,
        gt=0,
        le=60,
        description="Longest one webhook attempt may take, all told: resolving, connecting, "
        "sending, the receiver's answer.",
    )
    webhook_concurrency: int = Field(
        default=8,
        ge=2,
        le=100,
        description="Webhook deliveries (and reminder sweeps, re-plans) a worker runs at once.",
    )
    webhook_tenant_concurrency: int = Field(
        default=2,
        ge=1,
        le=100,
        description="One tenant's webhook deliveries in flight at once, across every worker: "
        "a tenant with slow receivers waits for its own, never holds the others up.",
    )
    webhook_max_attempts: int = Field(
        default=8, ge=1, le=30, description="Tries of a webhook delivery before it is FAILED."
    )
    webhook_retry_seconds: float = Field(
        default=30,
        ge=0,
        description="Wait before a failed webhook delivery's second try; doubled each time "
        "after, up to an hour.",
    )
    reminder_sweep_seconds: float = Field(
        default=300,
        gt=0,
        description="How often workers look for reviews, findings and actions falling due.",
    )
    log_level: str = "info"


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
