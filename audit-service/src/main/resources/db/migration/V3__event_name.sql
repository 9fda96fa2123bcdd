-- What a gateway event other than a tool call is about (issue 13): the prompt of a
-- "prompt.retrieved", the URI of a "resource.read", the method of a "server_request.relayed".
-- Copied out of "data" like the other indexed columns, so verify checks it still matches. Rows
-- stored before this migration keep null, which is also what they derive to: the chain and every
-- earlier row stay valid, and nothing is updated (the table refuses updates anyway).
alter table events add column name text;

create index events_workspace_server_name on events (workspace, server, name, time) where name is not null;
