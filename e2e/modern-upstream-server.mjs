// A 2026-07-28-only MCP server built with the official TypeScript SDK v2 (@modelcontextprotocol/server):
// createMcpHandler with legacy: 'reject', so a client that speaks a 2025 revision to it gets nothing but
// the "unsupported protocol version" error. modern.e2e.test.mjs starts it as an upstream of the gateway.
// PORT names the port (127.0.0.1). Its tools, prompt and resources are small and say what they do.
import { createServer } from 'node:http';
import { McpServer, ResourceTemplate, completable, createMcpHandler, inputRequired, acceptedContent }
  from '@modelcontextprotocol/server';
import { z } from 'zod';

function modernServer() {
  const server = new McpServer({ name: 'gatehouse-e2e-modern', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes text', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('progress', {
    description: 'Sends one progress notification per step, then the number of steps',
    inputSchema: z.object({ steps: z.number().int().min(1).max(20) }),
  }, async ({ steps }, ctx) => {
    const progressToken = ctx.mcpReq._meta?.progressToken;
    for (let step = 1; step <= steps; step++) {
      if (progressToken !== undefined) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: step, total: steps } });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { content: [{ type: 'text', text: `${steps} steps` }] };
  });
  // Multi round-trip (MRTR): asks the client for a name through an input request, finishes on the retry.
  const nameForm = z.object({ name: z.string() });
  server.registerTool('confirm', { description: 'Asks the user for a name, then greets it' }, async (ctx) => {
    const answered = acceptedContent(ctx.mcpReq.inputResponses, 'who', nameForm);
    if (!answered) {
      return inputRequired({ inputRequests: { who: inputRequired.elicit({ message: 'Who is there?', requestedSchema: nameForm }) } });
    }
    return { content: [{ type: 'text', text: `confirmed: ${answered.name}` }] };
  });
  // Its answers are replaced by a broken body on the way out (see below): a 2026-07-28 upstream answering garbage.
  server.registerTool('garbled', { description: 'Answers something that is not JSON-RPC' },
    async () => ({ content: [{ type: 'text', text: 'never seen' }] }));

  server.registerPrompt('greeting', {
    description: 'A greeting for someone',
    argsSchema: z.object({ name: completable(z.string(), (value) => ['ada', 'alan', 'grace'].filter((n) => n.startsWith(value))) }),
  }, ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Hello, ${name}!` } }] }));

  server.registerResource('readme', 'modern://notes/readme', { mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, text: 'modern readme' }] }));
  server.registerResource('note', new ResourceTemplate('modern://notes/{id}', { list: undefined }), { mimeType: 'text/plain' },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, text: `note ${id}` }] }));
  return server;
}

const handler = createMcpHandler(() => modernServer(), { legacy: 'reject' });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

// node:http in front of the SDK's fetch-shaped handler: the request's body read whole, the answer streamed
// as it is written (an SSE answer reaches the gateway event by event), the client going away aborts it.
createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (req.headers['mcp-name'] === 'garbled') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"jsonrpc": "2.0", "id": ');
    return;
  }
  const aborted = new AbortController();
  res.on('close', () => { if (!res.writableFinished) aborted.abort(); });
  const headers = Object.entries(req.headers)
    .filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string');
  const response = await handler.fetch(new Request(`http://127.0.0.1${req.url}`, {
    method: req.method, headers, signal: aborted.signal,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
  }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    try {
      for await (const chunk of response.body) res.write(chunk);
    } catch {
      // the gateway closed the stream (its cancellation)
    }
  }
  res.end();
}).listen(Number(process.env.PORT), '127.0.0.1');
