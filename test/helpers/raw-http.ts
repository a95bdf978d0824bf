/** Raw TCP clients for what fetch cannot do: slow senders, huge bodies, malformed requests. 127.0.0.1 only. */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';

export interface Closed {
  /** Everything the server wrote before the connection closed. */
  reply: string;
  /** Milliseconds from connecting to the close. */
  ms: number;
  /** Body bytes the client managed to write before the close (sendBody only). */
  bytesSent: number;
}

/**
 * Bytes the kernel may hold in flight on one connection before the server reads any: both TCP socket
 * buffers at the most Linux lets them grow (tcp_rmem and tcp_wmem, third field), or 16 MiB where unknown.
 */
function kernelBufferBytes(): number {
  const most = (file: string): number => Number(readFileSync(file, 'utf8').trim().split(/\s+/)[2]);
  try {
    const bytes = most('/proc/sys/net/ipv4/tcp_rmem') + most('/proc/sys/net/ipv4/tcp_wmem');
    return Number.isFinite(bytes) && bytes > 0 ? bytes : 16 * 1024 * 1024;
  } catch {
    return 16 * 1024 * 1024;
  }
}

/**
 * A body size for expectAnsweredAndCut: a client can write kernelBufferBytes to a server that reads
 * nothing, so "less than half of the body went out" shows the server stopped reading only for a body
 * several times that (a 20 MB body once failed this way, 10.8 MB in flight).
 */
export const CUT_BODY_BYTES = 4 * kernelBufferBytes();

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Connects and resolves once connected; `reply` collects what the server writes. */
export async function openSocket(port: number): Promise<{ socket: Socket; reply: () => string }> {
  const socket = connect(port, '127.0.0.1');
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, reply: () => reply };
}

/** Resolves when the server closes `socket` (or after `giveUpMs`, destroying it, with ms = Infinity). */
export function closed(socket: Socket, reply: () => string, giveUpMs: number, started = Date.now()): Promise<Closed> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply: reply(), ms: Infinity, bytesSent: socket.bytesWritten });
    }, giveUpMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ reply: reply(), ms: Date.now() - started, bytesSent: socket.bytesWritten });
    });
  });
}

/** Sends raw bytes, then resolves with the reply once the server closes the connection. */
export async function exchange(port: number, raw: string, giveUpMs = 5_000): Promise<Closed> {
  const { socket, reply } = await openSocket(port);
  socket.write(raw);
  return closed(socket, reply, giveUpMs);
}

/**
 * Writes `head`, then body bytes as fast as the server takes them, up to `bodyBytes` (chunked encoding when
 * `chunked`); resolves once the server closes the connection or `giveUpMs` passes (ms = Infinity).
 */
export async function sendBody(
  port: number,
  head: string,
  { bodyBytes, chunked = false, giveUpMs = 10_000 }: { bodyBytes: number; chunked?: boolean; giveUpMs?: number },
): Promise<Closed> {
  const { socket, reply } = await openSocket(port);
  const started = Date.now();
  const done = closed(socket, reply, giveUpMs, started);
  const piece = Buffer.alloc(64 * 1024, 'a');
  const frame = chunked
    ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
    : piece;
  socket.write(head);
  let sent = 0;
  const pump = (): void => {
    while (!socket.destroyed && sent < bodyBytes) {
      sent += piece.length;
      if (!socket.write(frame)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
  return done;
}

export function statusOf(reply: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(reply)?.[1]);
}

/** The header block of the first response in `reply`, lower-cased names, for assertions. */
export function headersOf(reply: string): Record<string, string> {
  const head = reply.slice(0, reply.indexOf('\r\n\r\n'));
  return Object.fromEntries(
    head
      .split('\r\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

/**
 * Sends `head` and a body of `bodyBytes` (see sendBody); expects the answer `status` with `Connection: close`,
 * and the server to close the connection long before the whole body went out. Returns the answer's headers.
 */
export async function expectAnsweredAndCut(
  port: number,
  head: string,
  status: number,
  body: { bodyBytes: number; chunked?: boolean },
): Promise<Record<string, string>> {
  const result = await sendBody(port, head, body);
  expect(result.ms).not.toBe(Infinity);
  expect(statusOf(result.reply)).toBe(status);
  const headers = headersOf(result.reply);
  expect(headers.connection).toBe('close');
  expect(result.bytesSent).toBeLessThan(body.bodyBytes / 2);
  return headers;
}
