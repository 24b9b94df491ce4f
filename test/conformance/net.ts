/**
 * The lab's network side, all on 127.0.0.1: free ports, a slow upstream the lab controls, and
 * clients that report whether one request completed (HTTP, FastCGI for php-fpm, RESP for Redis).
 */
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { connect, createServer } from 'node:net';

export const HOST = '127.0.0.1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** 'accepted' or 'refused': one TCP connection attempt, closed at once. */
export function tryConnect(port: number, timeoutMs = 1000): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const sock = connect(port, HOST);
    const done = (v: 'accepted' | 'refused') => { sock.destroy(); resolve(v); };
    sock.setTimeout(timeoutMs, () => done('refused'));
    sock.on('connect', () => done('accepted'));
    sock.on('error', () => done('refused'));
  });
}

/** Waits until `port` accepts connections (the program is up), or fails after `seconds`. */
export async function waitForPort(port: number, seconds: number, alive: () => boolean): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (!alive()) throw new Error(`exited before listening on ${port}`);
    if ((await tryConnect(port, 200)) === 'accepted') return;
    await sleep(50);
  }
  throw new Error(`nothing listened on ${HOST}:${port} within ${seconds} s`);
}

/** A slow upstream for the proxies: answers every request with `body` after `seconds`. */
export async function slowUpstream(seconds: number, body: string): Promise<{ port: number; arrived: () => number; close: () => Promise<void> }> {
  let arrived = 0;
  const srv: Server = createHttpServer((_req, res) => {
    arrived++;
    setTimeout(() => res.end(body), seconds * 1000);
  });
  await new Promise<void>((r) => srv.listen(0, HOST, r));
  const { port } = srv.address() as { port: number };
  return {
    port,
    arrived: () => arrived,
    close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }),
  };
}

/** Whether a request came back whole: 'completed' (status 200 and the expected body) or 'cut'. */
export type Outcome = 'completed' | 'cut';

export function httpGet(port: number, path: string, expect: string, timeoutMs = 15_000): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(res.statusCode === 200 && body.includes(expect) ? 'completed' : 'cut'));
      res.on('error', () => resolve('cut'));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve('cut'));
    req.end();
  });
}

/** One raw exchange: sends `payload`, collects the reply until the server closes or `until` matches. */
export function exchange(port: number, payload: Buffer, until: (got: Buffer) => boolean, timeoutMs = 15_000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = connect(port, HOST, () => sock.write(payload));
    const done = (ok: boolean) => { sock.destroy(); resolve(ok ? Buffer.concat(chunks) : undefined); };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('data', (d) => { chunks.push(d); if (until(Buffer.concat(chunks))) done(true); });
    sock.on('close', () => done(until(Buffer.concat(chunks))));
    sock.on('error', () => done(false));
  });
}

/** A FastCGI record (version 1): type, request id 1, content, no padding. */
function record(type: number, content: Buffer): Buffer {
  const head = Buffer.from([1, type, 0, 1, content.length >> 8, content.length & 255, 0, 0]);
  return Buffer.concat([head, content]);
}

function nameValue(name: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([name.length, value.length]), Buffer.from(name), Buffer.from(value)]);
}

/**
 * One FastCGI request to php-fpm for `script` (the FastCGI 1.0 specification: BEGIN_REQUEST with
 * role RESPONDER, PARAMS, an empty PARAMS and STDIN to end them). 'completed' when its STDOUT carries
 * `expect` and an END_REQUEST record follows.
 */
export async function fastcgiGet(port: number, script: string, expect: string): Promise<Outcome> {
  const params = Buffer.concat([
    nameValue('SCRIPT_FILENAME', script), nameValue('REQUEST_METHOD', 'GET'), nameValue('SERVER_PROTOCOL', 'HTTP/1.1'),
  ]);
  const payload = Buffer.concat([
    record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), record(4, params), record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0)),
  ]);
  // END_REQUEST is record type 3; its header starts with version 1, type 3.
  const ended = (got: Buffer) => got.includes(Buffer.from([1, 3, 0, 1]));
  const got = await exchange(port, payload, ended);
  return got && ended(got) && got.includes(Buffer.from(expect)) ? 'completed' : 'cut';
}

/** One Redis command in RESP; 'completed' when it answered `+OK`. */
export async function redisCommand(port: number, ...args: string[]): Promise<Outcome> {
  const payload = Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  const got = await exchange(port, payload, (b) => b.includes('\r\n'));
  return got?.toString().startsWith('+OK') ? 'completed' : 'cut';
}
