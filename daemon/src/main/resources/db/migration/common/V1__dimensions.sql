-- Dimensions: every pool, host and VM uuid is interned once to a small integer id, so that the
-- sample tables stay narrow and join cheaply. Relation names are mirrored in io.poolpilot.daemon.store.Relations.

CREATE TABLE pool (
    pool_id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool_uuid  text        NOT NULL UNIQUE,
    name       text        NOT NULL DEFAULT '',
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL
);

CREATE TABLE host (
    host_id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host_uuid          text        NOT NULL UNIQUE,
    pool_id            integer     NOT NULL REFERENCES pool (pool_id),
    name               text        NOT NULL DEFAULT '',
    address            text        NOT NULL DEFAULT '',
    cpu_count          integer,
    memory_total_bytes bigint,
    enabled            boolean,
    first_seen         timestamptz NOT NULL,
    last_seen          timestamptz NOT NULL,
    gone_at            timestamptz
);

CREATE TABLE vm (
    vm_id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vm_uuid         text        NOT NULL UNIQUE,
    pool_id         integer     NOT NULL REFERENCES pool (pool_id),
    name            text        NOT NULL DEFAULT '',
    power_state     text        NOT NULL,
    vcpus           integer     NOT NULL,
    memory_bytes    bigint      NOT NULL,
    billing_account text,
    labels          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    gone_at         timestamptz
);
CREATE INDEX vm_billing_account_idx ON vm (billing_account) WHERE billing_account IS NOT NULL;

-- Where each VM ran, as half-open intervals [valid_from, valid_to); valid_to NULL = still there.
CREATE TABLE vm_placement (
    vm_id      integer     NOT NULL REFERENCES vm (vm_id),
    host_id    integer     NOT NULL REFERENCES host (host_id),
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz,
    PRIMARY KEY (vm_id, valid_from)
);
CREATE UNIQUE INDEX vm_placement_open_idx ON vm_placement (vm_id) WHERE valid_to IS NULL;
CREATE INDEX vm_placement_host_idx ON vm_placement (host_id, valid_from);

-- The journal index each reader committed, written in the same transaction as the rows it covers.
CREATE TABLE journal_watermark (
    reader      text        PRIMARY KEY,
    queue_index bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
