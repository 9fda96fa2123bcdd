-- A slug names one workspace forever (M7). Every slug ever created is recorded here and stays after
-- its workspace is deleted, so creating a workspace under it again is refused: other services key
-- their data by slug (audit's trail, identity's tokens), and a new tenant must never inherit them.
-- The primary key also arbitrates concurrent creations of one slug.
create table workspace_slug (
    slug       text        primary key,
    created_at timestamptz not null default now(),
    deleted_at timestamptz
);

insert into workspace_slug (slug, created_at)
select slug, created_at from workspace;
