-- Workspaces and their upstream MCP servers. The schema "registry" belongs to registry-service alone.

create table workspace (
    id              bigserial primary key,
    slug            text        not null unique,
    name            text        not null,
    -- bumped on every change of the routing view (servers added, changed, removed), see RoutingService
    routing_version bigint      not null default 1,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create table upstream_server (
    id                   bigserial primary key,
    workspace_id         bigint      not null references workspace (id) on delete cascade,
    slug                 text        not null,
    name                 text        not null,
    url                  text        not null,
    transport            text        not null check (transport in ('streamable-http', 'sse')),
    prefix               text        not null,
    timeout_ms           integer     not null,
    enabled              boolean     not null,
    credential_header    text,
    -- AES-GCM: base64(iv || ciphertext+tag); never stored in clear
    credential_encrypted text,
    health_status        text        not null default 'unknown' check (health_status in ('unknown', 'up', 'down')),
    health_latency_ms    bigint,
    health_tool_count    integer,
    health_error         text,
    health_checked_at    timestamptz,
    -- checks since the last server.health_checked event, see HealthCheckService
    health_unreported    integer     not null default 0,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    unique (workspace_id, slug),
    unique (workspace_id, prefix),
    check ((credential_header is null) = (credential_encrypted is null))
);

-- Transactional outbox (dev.gatehouse.shared.outbox.Outbox)
create table outbox (
    seq        bigserial primary key,
    id         uuid        not null unique,
    topic      text        not null,
    record_key text        not null,
    payload    text        not null,
    created_at timestamptz not null default now()
);
