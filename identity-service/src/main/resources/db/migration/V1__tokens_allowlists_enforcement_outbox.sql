-- identity-service owns schema "identity". Raw tokens are never stored: only their SHA-256 (hex)
-- and a short display prefix.

create table tokens (
    id             uuid primary key,
    workspace      text        not null,
    kind           text        not null check (kind in ('workspace-admin', 'member', 'auditor')),
    token_hash     char(64)    not null unique,
    display_prefix text        not null,
    member_id      text,
    display_name   text,
    email          text,
    expires_at     timestamptz,
    created_at     timestamptz not null,
    revoked_at     timestamptz,
    last_used_at   timestamptz
);

create index tokens_workspace on tokens (workspace, created_at);

-- One active admin token per workspace; one active member token per person in a workspace.
create unique index tokens_one_active_admin on tokens (workspace)
    where kind = 'workspace-admin' and revoked_at is null;
create unique index tokens_one_active_member on tokens (workspace, member_id)
    where kind = 'member' and revoked_at is null;

create table allowlist_rules (
    token_id uuid    not null references tokens (id) on delete cascade,
    position integer not null,
    rule     text    not null,
    primary key (token_id, position)
);

create table workspace_security (
    workspace   text primary key,
    enforcement boolean     not null default false,
    updated_at  timestamptz not null
);

-- The shared Outbox table, except that an event id is unique per topic: a revocation-relevant
-- event is written twice (activity and revocations) with the same envelope and id.
create table outbox (
    seq        bigserial primary key,
    id         uuid        not null,
    topic      text        not null,
    record_key text        not null,
    payload    text        not null,
    created_at timestamptz not null default now(),
    unique (id, topic)
);
