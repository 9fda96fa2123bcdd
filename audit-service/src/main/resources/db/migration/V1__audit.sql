-- The audit trail. The schema "audit" belongs to audit-service alone.
--
-- Append-only by two locks: the application role may only INSERT and SELECT events, and a trigger
-- refuses UPDATE, DELETE and TRUNCATE whoever asks. Old data leaves only by dropping whole monthly
-- partitions, through a function only the retention role may execute.

-- Every stored event, partitioned by its envelope time. "data" is the canonical JSON that was
-- hashed (sorted keys), kept byte for byte so verify recomputes the same hash. The columns after it
-- are copied out of "data" so the query filters can use indexes; verify checks they still match.
create table events (
    workspace  text        not null,
    seq        bigint      not null,
    id         uuid        not null,
    type       text        not null,
    time       timestamptz not null,
    actor      text        not null,
    data       text        not null,
    member_id  text,
    token_id   text,
    server     text,
    tool       text,
    status     text,
    latency_ms bigint,
    prev_hash  text        not null,
    hash       text        not null,
    stored_at  timestamptz not null default now()
) partition by range (time);

-- Events outside every monthly partition (very old backfills, clocks far in the future).
create table events_default partition of events default;

create index events_workspace_time on events (workspace, time, seq);
create index events_workspace_seq on events (workspace, seq);
create index events_workspace_type on events (workspace, type, time);
create index events_workspace_member on events (workspace, member_id, time) where member_id is not null;
create index events_workspace_token on events (workspace, token_id, time) where token_id is not null;
create index events_workspace_server_tool on events (workspace, server, tool, time) where server is not null;

-- The idempotency key. A partitioned table's unique constraint must contain the partition key, so
-- "id unique" lives here; a redelivered event is found here before it gets a sequence number.
create table event_ids (
    id        uuid        primary key,
    workspace text        not null,
    seq       bigint      not null,
    time      timestamptz not null
);

-- The head of each workspace's hash chain; locked FOR UPDATE while a batch appends, which
-- serialises sequence numbers per workspace without a global lock.
create table workspace_chain (
    workspace text   primary key,
    last_seq  bigint not null,
    last_hash text   not null
);

-- Sequence ranges removed by the retention purge, with the hash of the last purged event, so
-- verify tells a purge (recorded) from a deletion (a gap).
create table purged_ranges (
    workspace  text        not null,
    from_seq   bigint      not null,
    to_seq     bigint      not null,
    last_hash  text        not null,
    partition  text        not null,
    purged_at  timestamptz not null default now(),
    primary key (workspace, from_seq)
);

create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit.events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger events_append_only before update or delete on events
    for each row execute function refuse_change();
create trigger events_no_truncate before truncate on events
    for each statement execute function refuse_change();

-- Creates the partition for the month containing "month". Returns false (with a warning) when
-- the default partition already holds rows of that month: moving them would need a DELETE,
-- which this table never allows, so those rows simply stay in the default partition.
create function ensure_month_partition(month date) returns boolean
    language plpgsql security definer set search_path = audit, pg_temp as $$
declare
    first_day date := date_trunc('month', month)::date;
    name      text := format('events_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
begin
    if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'audit' and c.relname = name) then
        return true;
    end if;
    execute format('create table audit.%I partition of audit.events for values from (%L) to (%L)',
                   name, first_day, (first_day + interval '1 month')::date);
    return true;
exception when others then
    raise warning 'partition % not created: %', name, sqlerrm;
    return false;
end
$$;

-- The current month and the next "months_ahead" months.
create function ensure_partitions(months_ahead integer) returns integer
    language plpgsql security definer set search_path = audit, pg_temp as $$
declare
    created integer := 0;
begin
    for i in 0..months_ahead loop
        if ensure_month_partition((date_trunc('month', now()) + make_interval(months => i))::date) then
            created := created + 1;
        end if;
    end loop;
    return created;
end
$$;

-- Drops every monthly partition that ends on or before "cutoff" and returns, per workspace, the
-- sequence ranges it removed (also kept in purged_ranges). Never touches the default partition.
create function purge_partitions_before(cutoff timestamptz)
    returns table (partition_name text, workspace text, from_seq bigint, to_seq bigint)
    language plpgsql security definer set search_path = audit, pg_temp as $$
declare
    part text;
begin
    for part in
        select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            join pg_class p on p.oid = i.inhparent
            join pg_namespace n on n.oid = p.relnamespace
        where n.nspname = 'audit' and p.relname = 'events' and c.relname ~ '^events_y[0-9]{4}m[0-9]{2}$'
          and (to_date(substr(c.relname, 9, 4) || substr(c.relname, 14, 2), 'YYYYMM') + interval '1 month') <= cutoff
        order by c.relname
    loop
        execute format($q$
            insert into audit.purged_ranges (workspace, from_seq, to_seq, last_hash, partition)
            select r.workspace, r.from_seq, r.to_seq, e.hash, %L
            from (select g.workspace, min(g.seq) as from_seq, max(g.seq) as to_seq
                  from (select x.workspace, x.seq, x.seq - row_number() over (partition by x.workspace order by x.seq) as grp
                        from audit.%I x) g
                  group by g.workspace, g.grp) r
            join audit.%I e on e.workspace = r.workspace and e.seq = r.to_seq$q$, part, part, part);
        execute format('delete from audit.event_ids where id in (select id from audit.%I)', part);
        return query select part, p.workspace, p.from_seq, p.to_seq from audit.purged_ranges p where p.partition = part;
        execute format('drop table audit.%I', part);
    end loop;
end
$$;

select ensure_partitions(2);

-- Roles. Production connects the service as gatehouse_audit_app (insert and read only) and runs the
-- retention purge as gatehouse_audit_retention; give each a LOGIN and password out of band, e.g.
-- "alter role gatehouse_audit_app login password '...'". The migration owner keeps ownership.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'gatehouse_audit_app') then
        create role gatehouse_audit_app nologin;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'gatehouse_audit_retention') then
        create role gatehouse_audit_retention nologin;
    end if;
end
$$;

grant usage on schema audit to gatehouse_audit_app, gatehouse_audit_retention;
grant select, insert on events, event_ids to gatehouse_audit_app, gatehouse_audit_retention;
grant select, insert, update on workspace_chain to gatehouse_audit_app, gatehouse_audit_retention;
grant select on purged_ranges to gatehouse_audit_app, gatehouse_audit_retention;
revoke all on function ensure_month_partition(date), ensure_partitions(integer), purge_partitions_before(timestamptz) from public;
grant execute on function ensure_month_partition(date), ensure_partitions(integer) to gatehouse_audit_app;
grant execute on function purge_partitions_before(timestamptz) to gatehouse_audit_retention;
