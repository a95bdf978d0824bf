/**
 * Baseline for the database path, "the limit" (the TechEmpower single-query shape): node:http and the
 * same driver (pg) with the same pool size as the service, answering `GET /v1/pets/{id}`, a 20-record
 * page and `POST /v1/pets/` with one named prepared statement each (parsed and planned once per connection,
 * as the strongest TechEmpower entries do and as the service does), and no validation, logging or headers
 * beyond the content type and the ETag. Also answers the smoke path, which the runner polls for start-up.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';
import { portFromEnv, SMOKE_BODY, SMOKE_PATH } from './body.js';

const PREFIX = '/v1/pets/';
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? '10'),
});
pool.on('error', () => undefined);

const PAGE = { name: 'bench-pets-page', text: 'SELECT * FROM pets ORDER BY created_at, id LIMIT $1' };
const FIND = { name: 'bench-pets-find', text: 'SELECT * FROM pets WHERE id = $1' };
const INSERT = {
  name: 'bench-pets-insert',
  text: 'INSERT INTO pets (id, created_at, updated_at, name, species) VALUES ($1, $2, $2, $3, $4) RETURNING *',
};

function send(response: ServerResponse, status: number, body: string, etag?: number): void {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (etag !== undefined) headers.etag = `"${etag}"`;
  response.writeHead(status, headers);
  response.end(body);
}

const server = createServer((request, response) => {
  const url = request.url ?? '';
  const fail = (): void => {
    send(response, 503, '{}');
  };
  if (url === SMOKE_PATH) {
    send(response, 200, SMOKE_BODY);
  } else if (request.method === 'GET' && url.startsWith(`${PREFIX}?`)) {
    pool.query({ ...PAGE, values: [21] }).then((result) => {
      send(response, 200, JSON.stringify({ items: result.rows.slice(0, 20), next_cursor: null }));
    }, fail);
  } else if (request.method === 'GET' && url.startsWith(PREFIX)) {
    pool.query({ ...FIND, values: [url.slice(PREFIX.length)] }).then((result) => {
      const row = result.rows[0] as { revision: number } | undefined;
      if (row) send(response, 200, JSON.stringify(row), row.revision);
      else send(response, 404, '{}');
    }, fail);
  } else if (request.method === 'POST' && url === PREFIX) {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const pet = JSON.parse(text) as { name: string; species: string };
      const now = new Date();
      pool.query({ ...INSERT, values: [randomUUID(), now, pet.name, pet.species] }).then((result) => {
        const row = result.rows[0] as { revision: number };
        send(response, 201, JSON.stringify(row), row.revision);
      }, fail);
    });
  } else {
    send(response, 404, '{}');
  }
});
server.keepAliveTimeout = 65_000;
server.listen(portFromEnv(), '127.0.0.1');
