// End-to-end tests of a running Gatehouse stack (bin/gatehouse up), driven by the official MCP
// TypeScript SDK client, with @modelcontextprotocol/server-everything as an upstream nobody here wrote.
// The stack's addresses and the demo workspace's tokens come from the environment (see e2e/README.md).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
// the SDK's v2 client: it speaks 2026-07-28 (server/discover, per-request _meta, multi round-trip requests)
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import {
  CallToolResultSchema, CreateMessageRequestSchema, ElicitRequestSchema,
  LoggingMessageNotificationSchema, ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through e2e/run-e2e.sh or set it by hand`);
  return value;
};

const stack = {
  gateway: env('GATEHOUSE_GATEWAY_URL'),          // e.g. http://127.0.0.1:8080/api/gw/demo
  workspace: env('GATEHOUSE_WORKSPACE'),          // e.g. demo
  registry: env('GATEHOUSE_REGISTRY_URL'),
  identity: env('GATEHOUSE_IDENTITY_URL'),
  audit: env('GATEHOUSE_AUDIT_URL'),
  adminToken: env('GATEHOUSE_ADMIN_TOKEN'),
  memberToken: env('GATEHOUSE_MEMBER_TOKEN'),
  restrictedToken: env('GATEHOUSE_RESTRICTED_TOKEN'),
};

const NOT_ALLOWED = -32003;
const clients = [];

async function connect(token, name = 'gatehouse-e2e', capabilities = {}) {
  const client = new Client({ name, version: '1.0.0' }, { capabilities });
  const transport = new StreamableHTTPClientTransport(new URL(stack.gateway), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function managementJwt(token) {
  const response = await fetch(`${stack.identity}/api/v1/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, `token exchange answered ${response.status}`);
  return (await response.json()).access_token;
}

async function api(method, url, jwt, body) {
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${jwt}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function member(memberId, rules) {
  const created = await api('POST', `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens`, adminJwt,
    { kind: 'member', memberId, displayName: memberId });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const allowed = await api('PUT',
    `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens/${created.body.id}/allowlist`, adminJwt, { rules });
  assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  return { memberId, id: created.body.id, token: created.body.token };
}

async function eventually(what, check, timeoutMs = 20_000, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

// The local stack's outbound policy opens only loopback ports 4101-4199 (its upstream range; the
// demo servers take 4101 and 4102), so an extra upstream must listen there.
async function freePort() {
  for (let port = 4103; port <= 4199; port++) {
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      return port;
    }
  }
  throw new Error('no free port in the local upstream range 4103-4199');
}

let adminJwt;

before(async () => {
  adminJwt = await managementJwt(stack.adminToken);
});

// Each test's clients end their sessions with it (DELETE, then close), as a well-behaved client does:
// the gateway holds at most 8 GET notification streams per token (gateway.max-streams-per-token) and
// the server-everything tests share one member token; an ended session also ends the gateway's
// upstream sessions and their GET streams, which upstreams would otherwise keep until they idle out.
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map(async (client) => {
    await client.transport?.terminateSession?.().catch(() => {});
    await client.close();
  }));
});

test('a member lists the workspace tools through the gateway, each with its server prefix', async () => {
  const client = await connect(stack.memberToken);
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name);
  assert.ok(names.includes('alpha_echo'), `alpha_echo missing from ${names}`);
  assert.ok(names.includes('beta_progress'), `beta_progress missing from ${names}`);
  for (const tool of tools) {
    assert.match(tool.name, /^[A-Za-z0-9_-]{1,64}$/);
    assert.ok(tool.inputSchema, `${tool.name} lost its inputSchema`);
  }
});

test('a member calls a tool and gets the upstream result unchanged', async () => {
  const client = await connect(stack.memberToken);
  const result = await client.callTool({ name: 'alpha_echo', arguments: { text: 'hello through the gateway' } });
  assert.equal(result.isError ?? false, false);
  assert.equal(result.content[0].type, 'text');
  assert.match(result.content[0].text, /hello through the gateway/);
});

test('progress notifications stream through the gateway in order, before the result', async () => {
  const client = await connect(stack.memberToken);
  const progress = [];
  const result = await client.callTool(
    { name: 'beta_progress', arguments: { steps: 5, delayMs: 20 } },
    CallToolResultSchema,
    { onprogress: (p) => progress.push(p.progress) },
  );
  assert.equal(result.isError ?? false, false);
  assert.equal(progress.length, 5, `expected 5 progress notifications, got ${progress}`);
  for (let i = 1; i < progress.length; i++) {
    assert.ok(progress[i] > progress[i - 1], `progress out of order: ${progress}`);
  }
});

test('the restricted member gets -32003 for a tool outside the allowlist', async () => {
  const client = await connect(stack.restrictedToken);
  await assert.rejects(
    client.callTool({ name: 'alpha_add', arguments: { a: 1, b: 2 } }),
    (error) => error.code === NOT_ALLOWED && /Tool not allowed for this user/.test(error.message),
  );
});

// The MCP Inspector's CLI (a second client nobody here wrote): one process per method, as a user runs it.
async function inspector(token, ...args) {
  const require = createRequire(import.meta.url);
  const launcher = require.resolve('@modelcontextprotocol/inspector/clients/launcher/build/index.js');
  const { stdout } = await promisify(execFile)(process.execPath, [launcher, '--cli', stack.gateway,
    '--transport', 'http', '--header', `Authorization: Bearer ${token}`, ...args], {
    timeout: 60_000,
    // the Inspector keeps a catalog and storage under HOME: keep them out of the user's home
    env: { ...process.env, HOME: join(tmpdir(), 'gatehouse-e2e-inspector') },
  });
  return JSON.parse(stdout);
}

test('the MCP Inspector CLI lists and calls the workspace tools through the gateway', async () => {
  const listed = await inspector(stack.memberToken, '--method', 'tools/list');
  const names = listed.tools.map((tool) => tool.name);
  assert.ok(names.includes('alpha_echo') && names.includes('beta_progress'), `listed: ${names.join(', ')}`);

  const marker = `inspector-${Date.now()}`;
  const called = await inspector(stack.memberToken, '--method', 'tools/call', '--tool-name', 'alpha_echo',
    '--tool-arg', `text=${marker}`);
  assert.equal(called.isError, false);
  assert.deepEqual(called.content, [{ type: 'text', text: marker }]);
});

test('a revoked member loses access within a second', async () => {
  // enforcement is on in the demo workspace: a member without rules may call nothing
  const leaver = await member(`leaver-${Date.now()}`, ['alpha:echo']);
  const client = await connect(leaver.token);
  await client.callTool({ name: 'alpha_echo', arguments: { text: 'still here' } });

  const revoked = await api('DELETE', `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens/${leaver.id}`, adminJwt);
  assert.equal(revoked.status, 204);
  const revokedAt = Date.now();
  const refusedAfterMs = await eventually('the revoked token to be refused', async () => {
    try {
      await client.callTool({ name: 'alpha_echo', arguments: { text: 'after revocation' } });
      return false;
    } catch (error) {
      return Date.now() - revokedAt || 1;
    }
  }, 5_000, 50);
  console.log(`revoked token refused ${refusedAfterMs} ms after the revoke call returned`);
  // The target is under one second; the bound here leaves room for a loaded CI machine.
  assert.ok(refusedAfterMs < 2_000, `revocation took ${refusedAfterMs} ms`);
});

test('each tool call appears in the audit trail with the caller', async () => {
  const client = await connect(stack.memberToken);
  const marker = `audit-${Date.now()}`;
  await client.callTool({ name: 'alpha_echo', arguments: { text: marker } });
  const events = await eventually('the call in the audit trail', async () => {
    const page = await api('GET',
      `${stack.audit}/api/v1/workspaces/${stack.workspace}/audit/events?type=tool.called&tool=echo&order=desc&limit=50`, adminJwt);
    assert.equal(page.status, 200);
    const items = page.body.items ?? page.body.events ?? page.body;
    return items.length > 0 && items;
  });
  const call = events[0];
  assert.equal(call.type, 'tool.called');
  assert.equal(call.data.tool, 'echo');
  assert.equal(call.data.server, 'alpha');
  assert.ok(!JSON.stringify(events).includes(marker), 'tool arguments leaked into the audit trail');
});

// server-everything is started and registered once (prefix ev_) for the tests below; a member whose
// rules name every tool, prompt and resource of it uses it, one whose rules name a single tool does not.
const everything = {};

async function everythingUpstream() {
  if (everything.ready) return everything.ready;
  everything.ready = (async () => {
    const require = createRequire(import.meta.url);
    const everythingMain = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
    const port = await freePort();
    everything.process = spawn(process.execPath, [everythingMain, 'streamableHttp'], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    await eventually('server-everything to listen', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'GET' }).catch(() => null);
      return response !== null;
    });
    everything.slug = `everything-${Date.now() % 100000}`;
    const added = await api('POST', `${stack.registry}/api/v1/workspaces/${stack.workspace}/servers`, adminJwt, {
      slug: everything.slug, name: 'Everything (reference server)', url: `http://127.0.0.1:${port}/mcp`,
      transport: 'streamable-http', prefix: 'ev_',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    everything.member = await member(`ev-member-${Date.now()}`,
      [`${everything.slug}:*`, `${everything.slug}:prompt:*`, `${everything.slug}:resource:*`]);
    everything.restricted = await member(`ev-restricted-${Date.now()}`, [`${everything.slug}:echo`]);
    const client = await connect(everything.member.token);
    await eventually('server-everything tools through the gateway', async () => {
      const { tools } = await client.listTools();
      return tools.some((tool) => tool.name.startsWith('ev_'));
    });
    return everything;
  })();
  return everything.ready;
}


after(async () => {
  if (!everything.ready) return;
  const ev = await everything.ready.catch(() => null);
  if (ev?.slug) {
    await api('DELETE', `${stack.registry}/api/v1/workspaces/${stack.workspace}/servers/${ev.slug}`, adminJwt);
  }
  for (const m of [ev?.member, ev?.restricted].filter(Boolean)) {
    await api('DELETE', `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens/${m.id}`, adminJwt);
  }
  everything.process?.kill();
});

async function auditEvents(query) {
  return eventually(`audit events ${query}`, async () => {
    const page = await api('GET',
      `${stack.audit}/api/v1/workspaces/${stack.workspace}/audit/events?${query}&order=desc&limit=50`, adminJwt);
    assert.equal(page.status, 200);
    const items = page.body.items ?? page.body.events ?? page.body;
    return items.length > 0 && items;
  });
}

test('server-everything, registered as an upstream, shows up prefixed and streams progress', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const { tools } = await client.listTools();
  const longRunning = tools.find((tool) => tool.name === 'ev_trigger-long-running-operation');
  assert.ok(longRunning, `no ev_trigger-long-running-operation in ${tools.map((tool) => tool.name)}`);

  const progress = [];
  const result = await client.callTool(
    { name: longRunning.name, arguments: { duration: 1, steps: 4 } },
    CallToolResultSchema,
    { onprogress: (p) => progress.push(p.progress) },
  );
  assert.equal(result.isError ?? false, false);
  assert.equal(progress.length, 4, `expected 4 progress notifications, got ${progress}`);
  assert.deepEqual([...progress].sort((a, b) => a - b), progress, 'progress out of order');
});

test('server-everything prompts are listed prefixed and prompts/get returns their messages unchanged', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const { prompts } = await client.listPrompts();
  const names = prompts.map((prompt) => prompt.name);
  for (const name of ['ev_simple-prompt', 'ev_args-prompt', 'ev_completable-prompt']) {
    assert.ok(names.includes(name), `${name} missing from ${names}`);
  }
  const args = prompts.find((prompt) => prompt.name === 'ev_args-prompt');
  assert.deepEqual(args.arguments.map((a) => a.name).sort(), ['city', 'state']);

  const got = await client.getPrompt({ name: 'ev_args-prompt', arguments: { city: 'Lisbon', state: 'Portugal' } });
  assert.deepEqual(got.messages, [{ role: 'user', content: { type: 'text', text: "What's weather in Lisbon, Portugal?" } }]);
});

test('server-everything resources and templates are listed with their URIs unchanged and read through the gateway', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const { resources } = await client.listResources();
  const documents = resources.filter((resource) => resource.uri.startsWith('demo://resource/static/document/'));
  assert.ok(documents.length > 0, `no static documents in ${resources.map((r) => r.uri)}`);
  const { resourceTemplates } = await client.listResourceTemplates();
  const templates = resourceTemplates.map((template) => template.uriTemplate);
  assert.ok(templates.some((uri) => uri.startsWith('demo://resource/dynamic/text/')), `templates: ${templates}`);

  const read = await client.readResource({ uri: documents[0].uri });
  assert.equal(read.contents.length, 1);
  assert.equal(read.contents[0].uri, documents[0].uri);
  assert.ok((read.contents[0].text ?? read.contents[0].blob).length > 0, 'empty resource content');
});

test('a subscribed resource sends notifications/resources/updated through the gateway until unsubscribed', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const { resources } = await client.listResources();
  const uri = resources.find((resource) => resource.uri.startsWith('demo://resource/static/document/')).uri;
  const updates = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
  await client.subscribeResource({ uri });
  // server-everything sends updates for subscribed resources only once a session turned them on
  const toggled = await client.callTool({ name: 'ev_toggle-subscriber-updates', arguments: {} });
  assert.equal(toggled.isError ?? false, false, JSON.stringify(toggled.content));
  await eventually('notifications/resources/updated for the subscribed URI', async () => updates.includes(uri), 15_000);
  await client.unsubscribeResource({ uri });
  await client.callTool({ name: 'ev_toggle-subscriber-updates', arguments: {} });
});

test('completion/complete for a prompt argument is relayed to server-everything', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const { completion } = await client.complete({
    ref: { type: 'ref/prompt', name: 'ev_completable-prompt' },
    argument: { name: 'department', value: 'Eng' },
  });
  assert.deepEqual(completion.values, ['Engineering']);
});

test('a sampling request of server-everything reaches the client during a tool call and its answer goes back', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token, 'gatehouse-e2e-sampling', { sampling: {} });
  const since = encodeURIComponent(new Date().toISOString());
  const requests = [];
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    requests.push(request.params);
    return { role: 'assistant', model: 'e2e-model', content: { type: 'text', text: 'sampled-by-the-e2e-client' } };
  });
  const result = await client.callTool({ name: 'ev_trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } });
  assert.equal(result.isError ?? false, false, JSON.stringify(result.content));
  assert.equal(requests.length, 1);
  assert.match(requests[0].messages[0].content.text, /hello/);
  assert.match(result.content[0].text, /sampled-by-the-e2e-client/);
  const relayed = await auditEvents(`type=server_request.relayed&member=${ev.member.memberId}&from=${since}`);
  assert.equal(relayed[0].data.method, 'sampling/createMessage');
  assert.ok(!JSON.stringify(relayed).includes('sampled-by-the-e2e-client'), 'the answer leaked into the audit trail');
});

test('an elicitation request of server-everything reaches the client during a tool call and its answer goes back', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token, 'gatehouse-e2e-elicitation', { elicitation: {} });
  const requests = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    requests.push(request.params);
    return { action: 'accept', content: { name: 'Elicited Person', check: true, email: 'e2e@example.org' } };
  });
  const result = await client.callTool({ name: 'ev_trigger-elicitation-request', arguments: {} });
  assert.equal(result.isError ?? false, false, JSON.stringify(result.content));
  assert.equal(requests.length, 1);
  assert.ok(requests[0].requestedSchema.properties.name, 'requestedSchema lost its fields');
  assert.match(JSON.stringify(result.content), /Elicited Person/);
});

test('log messages of server-everything reach the client marked with the server they came from', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const messages = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => messages.push(n.params));
  await client.setLoggingLevel('debug');
  // once toggled on, server-everything logs every few seconds on its own, outside any request
  await client.callTool({ name: 'ev_toggle-simulated-logging', arguments: {} });
  try {
    const message = await eventually('a notifications/message from server-everything',
      async () => messages.find((m) => m._meta?.['dev.gatehouse/server'] === ev.slug), 15_000);
    assert.ok(message.level, 'the level was lost');
    assert.ok(message.data !== undefined, 'the data was lost');
  } finally {
    await client.callTool({ name: 'ev_toggle-simulated-logging', arguments: {} }).catch(() => {});
  }
});

test('a member whose rules do not name a prompt or resource neither sees nor gets it (-32003)', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.restricted.token);
  const { prompts } = await client.listPrompts();
  assert.ok(!prompts.some((prompt) => prompt.name.startsWith('ev_')), `listed: ${prompts.map((p) => p.name)}`);
  const { resources } = await client.listResources();
  assert.ok(!resources.some((resource) => resource.uri.startsWith('demo://')), 'server-everything resources listed');
  await assert.rejects(client.getPrompt({ name: 'ev_simple-prompt' }),
    (error) => error.code === NOT_ALLOWED && /Prompt not allowed for this user/.test(error.message));
  await assert.rejects(client.readResource({ uri: 'demo://resource/dynamic/text/1' }),
    (error) => error.code === NOT_ALLOWED && /Resource not allowed for this user/.test(error.message));
});

test('prompts/get and resources/read appear in the audit trail with the caller, without content', async () => {
  const ev = await everythingUpstream();
  const client = await connect(ev.member.token);
  const marker = `audit-city-${Date.now()}`;
  // only this test's events: earlier tests' may still be on their way to the trail (audit batches up to 100 ms)
  const since = encodeURIComponent(new Date().toISOString());
  await client.getPrompt({ name: 'ev_args-prompt', arguments: { city: marker } });
  const uri = 'demo://resource/dynamic/text/2';
  const read = await client.readResource({ uri });
  const retrieved = await auditEvents(`type=prompt.retrieved&member=${ev.member.memberId}&from=${since}`);
  assert.equal(retrieved[0].data.prompt, 'args-prompt');
  assert.equal(retrieved[0].data.server, ev.slug);
  assert.equal(retrieved[0].data.memberId, ev.member.memberId);
  assert.equal(retrieved[0].data.status, 'ok');
  const reads = await auditEvents(`type=resource.read&member=${ev.member.memberId}&from=${since}`);
  assert.equal(reads[0].data.uri, uri);
  assert.equal(reads[0].data.memberId, ev.member.memberId);
  const trail = JSON.stringify([...retrieved, ...reads]);
  assert.ok(!trail.includes(marker), 'prompt arguments leaked into the audit trail');
  assert.ok(!trail.includes(read.contents[0].text), 'resource content leaked into the audit trail');
});

// ---- MCP 2026-07-28 through the gateway, with the TypeScript SDK v2 client pinned to that revision. The
// upstream (server-everything) speaks a 2025 revision: its sampling and elicitation requests reach the
// client as InputRequiredResults, which the client fulfils with its handlers and retries (MRTR).

/** A pinned 2026-07-28 client; every tools/call POST body it sends is kept in `sent`. */
async function connectModern(token, name, capabilities = {}) {
  const sent = [];
  const recording = async (url, init) => {
    if (init?.body && typeof init.body === 'string') sent.push(JSON.parse(init.body));
    return fetch(url, init);
  };
  const client = new ModernClient({ name, version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  const transport = new ModernTransport(new URL(stack.gateway), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } }, fetch: recording,
  });
  await client.connect(transport);
  clients.push(client);
  return { client, sent };
}

const retries = (sent) => sent.filter((body) => body.method === 'tools/call' && body.params?.requestState !== undefined);

test('a TypeScript SDK v2 client pinned to 2026-07-28 uses the gateway without a session', async () => {
  const ev = await everythingUpstream();
  const { client, sent } = await connectModern(ev.member.token, 'gatehouse-e2e-modern');
  assert.equal(client.getProtocolEra(), 'modern');
  assert.ok(sent.some((body) => body.method === 'server/discover'), 'no server/discover was sent');
  assert.ok(!sent.some((body) => body.method === 'initialize'), 'a 2026-07-28 client must not initialize');
  const { tools } = await client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'ev_echo'), `tools: ${tools.map((t) => t.name)}`);
  const echoed = await client.callTool({ name: 'ev_echo', arguments: { message: 'modern-hello' } });
  assert.match(JSON.stringify(echoed.content), /modern-hello/);
});

test('2026-07-28: a sampling request of a 2025 upstream reaches the v2 client as input_required and the retry completes the call', async () => {
  const ev = await everythingUpstream();
  const { client, sent } = await connectModern(ev.member.token, 'gatehouse-e2e-modern-sampling', { sampling: {} });
  const requests = [];
  client.setRequestHandler('sampling/createMessage', async (request) => {
    requests.push(request.params);
    return { role: 'assistant', model: 'e2e-model', content: { type: 'text', text: 'sampled-by-the-modern-client' } };
  });
  const result = await client.callTool({ name: 'ev_trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 10 } });
  assert.equal(result.isError ?? false, false, JSON.stringify(result.content));
  assert.equal(requests.length, 1);
  assert.match(requests[0].messages[0].content.text, /hello/);
  assert.match(JSON.stringify(result.content), /sampled-by-the-modern-client/);
  const retried = retries(sent);
  assert.equal(retried.length, 1, 'expected exactly one retry carrying requestState');
  assert.equal(Object.keys(retried[0].params.inputResponses).length, 1);
  // the stateless call's event: its session field is the stateless owner, not a 2025 session id
  const relayed = await eventually('the server_request.relayed event of the 2026-07-28 call', async () => {
    const events = await auditEvents(`type=server_request.relayed&member=${ev.member.memberId}`);
    return events.some((event) => String(event.data.session).startsWith('stateless/')) && events;
  });
  const modern = relayed.find((event) => String(event.data.session).startsWith('stateless/'));
  assert.equal(modern.data.method, 'sampling/createMessage');
  assert.equal(modern.data.status, 'ok');
  assert.ok(!JSON.stringify(relayed).includes('sampled-by-the-modern-client'), 'the answer leaked into the audit trail');
});

test('2026-07-28: the v2 client listens (subscriptions/listen) and gets notifications/resources/updated for its URI', async () => {
  const ev = await everythingUpstream();
  const { client } = await connectModern(ev.member.token, 'gatehouse-e2e-modern-listen');
  const { resources } = await client.listResources();
  const uri = resources.find((resource) => resource.uri.startsWith('demo://resource/static/document/')).uri;
  const updates = [];
  client.setNotificationHandler('notifications/resources/updated', (n) => updates.push(n.params.uri));
  const subscription = await client.listen({ resourceSubscriptions: [uri] });
  try {
    assert.deepEqual(subscription.honoredFilter.resourceSubscriptions, [uri], JSON.stringify(subscription.honoredFilter));
    // server-everything sends updates for subscribed resources once the session turned them on
    const toggled = await client.callTool({ name: 'ev_toggle-subscriber-updates', arguments: {} });
    assert.equal(toggled.isError ?? false, false, JSON.stringify(toggled.content));
    await eventually('notifications/resources/updated on the listen stream', async () => updates.includes(uri), 15_000);
    assert.ok(updates.every((updated) => updated === uri), `updates for URIs not listened to: ${updates}`);
    await client.callTool({ name: 'ev_toggle-subscriber-updates', arguments: {} });
  } finally {
    await subscription.close();
  }
  assert.equal(await subscription.closed, 'local');
});

test('2026-07-28: an elicitation request of a 2025 upstream reaches the v2 client as input_required and the retry completes the call', async () => {
  const ev = await everythingUpstream();
  const { client, sent } = await connectModern(ev.member.token, 'gatehouse-e2e-modern-elicitation', { elicitation: {} });
  const requests = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    requests.push(request.params);
    return { action: 'accept', content: { name: 'Modern Person', check: true, email: 'modern@example.org' } };
  });
  const result = await client.callTool({ name: 'ev_trigger-elicitation-request', arguments: {} });
  assert.equal(result.isError ?? false, false, JSON.stringify(result.content));
  assert.equal(requests.length, 1);
  assert.ok(requests[0].requestedSchema.properties.name, 'requestedSchema lost its fields');
  assert.match(JSON.stringify(result.content), /Modern Person/);
  assert.equal(retries(sent).length, 1, 'expected exactly one retry carrying requestState');
});

// A 2026-07-28-only upstream (the TypeScript SDK v2 server, e2e/modern-upstream-server.mjs, prefix mod_) beside
// the demo's 2025 server alpha: the gateway finds each upstream's revision (server/discover) and speaks 2026-07-28
// to this one, 2025 (initialize, sessions) to alpha, for 2025 clients (SDK 1.x) and 2026-07-28 clients (SDK v2).
const modern = {};

async function modernUpstream() {
  if (modern.ready) return modern.ready;
  modern.ready = (async () => {
    const port = await freePort();
    modern.process = spawn(process.execPath, [join(import.meta.dirname, 'modern-upstream-server.mjs')], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    await eventually('the 2026-07-28 upstream to listen', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'GET' }).catch(() => null);
      return response !== null;
    });
    modern.slug = `modern-${Date.now() % 100000}`;
    const added = await api('POST', `${stack.registry}/api/v1/workspaces/${stack.workspace}/servers`, adminJwt, {
      slug: modern.slug, name: 'TypeScript SDK v2 server (2026-07-28 only)', url: `http://127.0.0.1:${port}/mcp`,
      transport: 'streamable-http', prefix: 'mod_',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    modern.member = await member(`mod-member-${Date.now()}`,
      [`${modern.slug}:*`, `${modern.slug}:prompt:*`, `${modern.slug}:resource:*`, 'alpha:echo']);
    modern.restricted = await member(`mod-restricted-${Date.now()}`, [`${modern.slug}:echo`, 'alpha:echo']);
    const client = await connect(modern.member.token);
    await eventually('the 2026-07-28 upstream tools through the gateway', async () => {
      const { tools } = await client.listTools();
      return tools.some((tool) => tool.name.startsWith('mod_'));
    });
    return modern;
  })();
  return modern.ready;
}

/** A pinned 2026-07-28 client (see connectModern above), without the record of what it sent. */
async function modernClient(token, capabilities = {}) {
  return (await connectModern(token, 'gatehouse-e2e-2026', capabilities)).client;
}

after(async () => {
  if (!modern.ready) return;
  const mod = await modern.ready.catch(() => null);
  if (mod?.slug) {
    await api('DELETE', `${stack.registry}/api/v1/workspaces/${stack.workspace}/servers/${mod.slug}`, adminJwt);
  }
  for (const m of [mod?.member, mod?.restricted].filter(Boolean)) {
    await api('DELETE', `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens/${m.id}`, adminJwt);
  }
  modern.process?.kill();
});

const text = (result) => result.content.map((block) => block.text).join('');

for (const era of ['2025-11-25', '2026-07-28']) {
  const open = (token, capabilities) => (era === '2026-07-28' ? modernClient(token, capabilities) : connect(token, 'gatehouse-e2e', capabilities));

  test(`a ${era} client lists and calls the tools of a 2026-07-28 upstream and a 2025 upstream at once`, async () => {
    const mod = await modernUpstream();
    const client = await open(mod.member.token);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    for (const name of ['mod_echo', 'mod_progress', 'mod_confirm', 'alpha_echo']) {
      assert.ok(names.includes(name), `${name} missing from ${names}`);
    }
    assert.equal(text(await client.callTool({ name: 'mod_echo', arguments: { text: `modern ${era}` } })), `modern ${era}`);
    assert.match(text(await client.callTool({ name: 'alpha_echo', arguments: { text: `legacy ${era}` } })), new RegExp(`legacy ${era}`));

    const progress = [];
    const options = { onprogress: (p) => progress.push(p.progress) };
    const result = era === '2026-07-28'
      ? await client.callTool({ name: 'mod_progress', arguments: { steps: 3 } }, options)
      : await client.callTool({ name: 'mod_progress', arguments: { steps: 3 } }, CallToolResultSchema, options);
    assert.equal(text(result), '3 steps');
    assert.deepEqual(progress, [1, 2, 3], 'progress of the 2026-07-28 upstream streamed in order before the result');
  });

  test(`a ${era} client gets the prompts, resources, templates and completions of a 2026-07-28 upstream`, async () => {
    const mod = await modernUpstream();
    const client = await open(mod.member.token);
    const { prompts } = await client.listPrompts();
    assert.ok(prompts.some((prompt) => prompt.name === 'mod_greeting'), `listed: ${prompts.map((p) => p.name)}`);
    const got = await client.getPrompt({ name: 'mod_greeting', arguments: { name: 'ada' } });
    assert.deepEqual(got.messages, [{ role: 'user', content: { type: 'text', text: 'Hello, ada!' } }]);

    const { resources } = await client.listResources();
    assert.ok(resources.some((resource) => resource.uri === 'modern://notes/readme'), 'modern://notes/readme not listed');
    assert.equal((await client.readResource({ uri: 'modern://notes/readme' })).contents[0].text, 'modern readme');
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'modern://notes/{id}'), 'template not listed');
    assert.equal((await client.readResource({ uri: 'modern://notes/7' })).contents[0].text, 'note 7');

    const completed = await client.complete({ ref: { type: 'ref/prompt', name: 'mod_greeting' }, argument: { name: 'name', value: 'a' } });
    assert.deepEqual(completed.completion.values, ['ada', 'alan']);
  });

  test(`a ${era} restricted member neither sees nor calls what its rules do not name on a 2026-07-28 upstream (-32003)`, async () => {
    const mod = await modernUpstream();
    const client = await open(mod.restricted.token);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    assert.ok(names.includes('mod_echo') && names.includes('alpha_echo'), `listed: ${names}`);
    assert.ok(!names.includes('mod_progress') && !names.includes('mod_confirm'), `listed: ${names}`);
    const { prompts } = await client.listPrompts();
    assert.ok(!prompts.some((prompt) => prompt.name.startsWith('mod_')), `listed: ${prompts.map((p) => p.name)}`);
    await assert.rejects(client.callTool({ name: 'mod_progress', arguments: { steps: 1 } }),
      (error) => error.code === NOT_ALLOWED && /Tool not allowed for this user/.test(error.message));
    await assert.rejects(client.getPrompt({ name: 'mod_greeting', arguments: { name: 'ada' } }),
      (error) => error.code === NOT_ALLOWED && /Prompt not allowed for this user/.test(error.message));
  });

  test(`a ${era} client gets a clear JSON-RPC error when a 2026-07-28 upstream answers garbage`, async () => {
    const mod = await modernUpstream();
    const client = await open(mod.member.token);
    await assert.rejects(client.callTool({ name: 'mod_garbled', arguments: {} }),
      (error) => error.code === -32001 && error.message.includes(mod.slug));
    // the upstream stays usable for the next call
    assert.equal(text(await client.callTool({ name: 'mod_echo', arguments: { text: 'after garbage' } })), 'after garbage');
  });
}

test('a 2026-07-28 client answers the input request (MRTR) of a 2026-07-28 upstream through the gateway', async () => {
  const mod = await modernUpstream();
  const client = await modernClient(mod.member.token, { elicitation: { form: {} } });
  const asked = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: { name: 'grace' } };
  });
  const result = await client.callTool({ name: 'mod_confirm', arguments: {} });
  assert.equal(text(result), 'confirmed: grace');
  assert.deepEqual(asked, ['Who is there?']);
});

test('a 2026-07-28 upstream\'s requestState works only for the token and the server it was issued to', async () => {
  const mod = await modernUpstream();
  const other = await member(`mod-other-${Date.now()}`, [`${mod.slug}:*`, 'alpha:echo']);
  try {
    const post = async (token, name, extra = {}) => {
      const body = {
        jsonrpc: '2.0', id: 1, method: 'tools/call', params: {
          name, arguments: name === 'alpha_echo' ? { text: 'x' } : {}, ...extra,
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientInfo': { name: 'e2e-raw', version: '1' },
            'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
          },
        },
      };
      const response = await fetch(stack.gateway, {
        method: 'POST', body: JSON.stringify(body), headers: {
          Authorization: `Bearer ${token}`, 'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2026-07-28',
          'Mcp-Method': 'tools/call', 'Mcp-Name': name,
        },
      });
      const textBody = await response.text();
      const json = response.headers.get('content-type')?.includes('text/event-stream')
        ? textBody.split('\n').filter((line) => line.startsWith('data: ')).at(-1).slice(6) : textBody;
      return JSON.parse(json);
    };
    const first = await post(mod.member.token, 'mod_confirm');
    assert.equal(first.result?.resultType, 'input_required', JSON.stringify(first));
    const state = first.result.requestState;
    assert.equal(typeof state, 'string', 'the gateway gives every input_required result a requestState');
    const answers = { inputResponses: { who: { action: 'accept', content: { name: 'ada' } } }, requestState: state };
    const foreign = await post(other.token, 'mod_confirm', answers);
    assert.equal(foreign.error?.code, -32602, JSON.stringify(foreign));
    assert.equal(foreign.error.data.reason, 'foreign');
    const otherServer = await post(mod.member.token, 'alpha_echo', answers);
    assert.equal(otherServer.error?.code, -32602, JSON.stringify(otherServer));
    assert.equal(otherServer.error.data.reason, 'other_server');
    const retried = await post(mod.member.token, 'mod_confirm', answers);
    assert.equal(retried.result?.content?.[0]?.text, 'confirmed: ada', JSON.stringify(retried));
  } finally {
    await api('DELETE', `${stack.identity}/api/v1/workspaces/${stack.workspace}/tokens/${other.id}`, adminJwt);
  }
});

test('the registry checks a 2026-07-28-only upstream in its revision: up, with its live catalog', async () => {
  const mod = await modernUpstream();
  const base = `${stack.registry}/api/v1/workspaces/${stack.workspace}/servers/${mod.slug}`;
  const checked = await api('POST', `${base}/health-check`, adminJwt);
  assert.equal(checked.status, 200, JSON.stringify(checked.body));
  assert.equal(checked.body.health.status, 'up', JSON.stringify(checked.body.health));
  const catalog = await api('GET', `${base}/tools`, adminJwt);
  assert.equal(catalog.status, 200, JSON.stringify(catalog.body));
  assert.equal(catalog.body.status, 'up', JSON.stringify(catalog.body));
  for (const tool of ['echo', 'confirm']) assert.ok(catalog.body.tools.includes(tool), JSON.stringify(catalog.body.tools));
  assert.ok(catalog.body.prompts.includes('greeting'), JSON.stringify(catalog.body.prompts));
  assert.ok(catalog.body.resources.includes('modern://notes/readme'), JSON.stringify(catalog.body.resources));
});

test('a 2025 client calling a tool that needs input from a 2026-07-28 upstream gets a clear error, not a hang', async () => {
  const mod = await modernUpstream();
  const client = await connect(mod.member.token, 'gatehouse-e2e', { elicitation: {} });
  const started = Date.now();
  await assert.rejects(client.callTool({ name: 'mod_confirm', arguments: {} }),
    (error) => typeof error.code === 'number' && /elicitation/.test(error.message));
  assert.ok(Date.now() - started < 10_000, 'the error took as long as a timeout');
});

test('calls to a 2026-07-28 upstream appear in the audit trail with the caller and the server', async () => {
  const mod = await modernUpstream();
  const marker = `audit-modern-${Date.now()}`;
  for (const client of [await connect(mod.member.token), await modernClient(mod.member.token)]) {
    await client.callTool({ name: 'mod_echo', arguments: { text: marker } });
  }
  const calls = await eventually('both calls in the audit trail', async () => {
    const page = await api('GET', `${stack.audit}/api/v1/workspaces/${stack.workspace}/audit/events?type=tool.called&member=${mod.member.memberId}&order=desc&limit=50`, adminJwt);
    const items = (page.body.items ?? page.body.events ?? page.body).filter((e) => e.data.server === mod.slug && e.data.tool === 'echo');
    return items.length >= 2 && items;
  });
  for (const call of calls.slice(0, 2)) {
    assert.equal(call.data.status, 'ok');
    assert.equal(call.data.memberId, mod.member.memberId);
  }
  assert.ok(!JSON.stringify(calls).includes(marker), 'tool arguments leaked into the audit trail');
});

test('latency of calls through the gateway to the 2026-07-28 upstream and to the 2025 upstream (logged, not asserted)', async () => {
  const mod = await modernUpstream();
  const client = await connect(mod.member.token);
  const median = async (name) => {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const started = process.hrtime.bigint();
      await client.callTool({ name, arguments: { text: `latency ${i}` } });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return times.sort((a, b) => a - b)[5].toFixed(1);
  };
  await median('mod_echo'); // warm both paths (connections, the JIT) before measuring
  await median('alpha_echo');
  console.log(`median tools/call through the gateway, 10 calls each: 2026-07-28 upstream ${await median('mod_echo')} ms, 2025 upstream ${await median('alpha_echo')} ms`);
});
