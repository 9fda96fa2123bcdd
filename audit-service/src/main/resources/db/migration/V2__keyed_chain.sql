-- A keyed chain (H4) and idempotency per workspace (H3).
--
-- Rows stored from now on carry "key_id": their "hash" is an HMAC-SHA256 with the chain key of
-- that id, which only audit-service holds, so whoever can write the table (its owner, a superuser)
-- can no longer recompute a rewritten row. Older rows keep key_id null: plain SHA-256, accepted by
-- verify only below the workspace's "keyed_from" seq, which the sealed chain head fixes.

alter table events add column key_id text;

-- The chain head is sealed: head_mac = HMAC(key head_key_id, [workspace, last_seq, last_hash,
-- keyed_from]). Lowering last_seq (dropping the newest rows) or moving keyed_from (passing keyed
-- rows off as legacy ones) breaks the seal. Null for heads written before this migration.
alter table workspace_chain add column keyed_from  bigint;
alter table workspace_chain add column head_key_id text;
alter table workspace_chain add column head_mac    text;

-- Purged ranges are sealed the same way by the purge (mac over workspace, from, to, last hash),
-- so an inserted "purge" cannot hide deleted rows.
alter table purged_ranges add column key_id text;
alter table purged_ranges add column mac    text;
grant update (key_id, mac) on purged_ranges to gatehouse_audit_retention;

-- Idempotency per (workspace, id), not id alone: a forged record that reuses a genuine event's id
-- in another workspace must not make the genuine one look like a duplicate.
alter table event_ids drop constraint event_ids_pkey;
alter table event_ids add primary key (workspace, id);

-- The same purge, forgetting ids per (workspace, id).
create or replace function purge_partitions_before(cutoff timestamptz)
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
        execute format('delete from audit.event_ids where (workspace, id) in (select workspace, id from audit.%I)', part);
        return query select part, p.workspace, p.from_seq, p.to_seq from audit.purged_ranges p where p.partition = part;
        execute format('drop table audit.%I', part);
    end loop;
end
$$;
revoke all on function purge_partitions_before(timestamptz) from public;
grant execute on function purge_partitions_before(timestamptz) to gatehouse_audit_retention;
