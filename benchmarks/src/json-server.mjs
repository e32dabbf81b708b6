// A minimal loopback JSON server: tokens for anyone, `{}`-like answers for every call, uploads
// read and discarded. With --limit N --window MS it answers 429 past N calls per fixed window.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { limit: { type: 'string' }, window: { type: 'string' } } });
const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
const windowMs = values.window ? Number(values.window) : 60_000;
let windowStart = 0;
let inWindow = 0;
const counters = { token: 0, calls: 0, refused: 0, uploadedBytes: 0 };

const answer = Buffer.from('{"events":[{"name":"task.assigned","description":"A task was assigned"}]}');
const server = createServer((request, response) => {
  if (request.url.startsWith('/oauth/token')) {
    counters.token++;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"access_token":"benchmark-token","token_type":"Bearer","expires_in":3600}');
    });
    return;
  }
  if (request.url.startsWith('/_counters')) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(counters));
    return;
  }
  counters.calls++;
  const now = Date.now();
  if (now - windowStart >= windowMs) {
    windowStart = now;
    inWindow = 0;
  }
  inWindow++;
  if (inWindow > limit) {
    counters.refused++;
    request.resume();
    response.writeHead(429, {
      'content-type': 'application/json',
      'retry-after': String(Math.ceil((windowStart + windowMs - now) / 1000)),
    });
    response.end('{"code":"rate_limited"}');
    return;
  }
  request.on('data', (chunk) => {
    counters.uploadedBytes += chunk.length;
  });
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    response.end(answer);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
