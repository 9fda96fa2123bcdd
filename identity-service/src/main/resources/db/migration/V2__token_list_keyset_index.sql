-- The token list pages by keyset (created_at, id), newest first: one index range read per page,
-- either way (a B-tree is read backwards as well as forwards). It replaces the index without id.
create index tokens_workspace_list on tokens (workspace, created_at, id);
drop index tokens_workspace;
