/**
 * What a fuzz run has learnt from the answers so far: the records it made (by collection, with their current
 * ETag) and the cursors of real pages; and how a plan becomes a request against them.
 */
import { isCursor, Raw, type Plan } from './requests.js';
import type { Answer } from './served-api.js';
import { Pick } from './schema-values.js';

/** A request as app.inject takes it. */
export interface Request {
  readonly method: Plan['operation']['method'];
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Uint8Array;
}

export class RunState {
  /** collection path -> id -> current ETag */
  private readonly records = new Map<string, Map<string, string>>();
  private readonly cursors = new Map<string, string[]>();

  /** The n-th known record of `collection` (of any collection when undefined); a random-looking id if none. */
  pick(n: number, collection?: string): string {
    const ids = collection
      ? [...(this.records.get(collection)?.keys() ?? [])]
      : [...this.records.values()].flatMap((records) => [...records.keys()]);
    return ids[n % Math.max(ids.length, 1)] ?? `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0').slice(-12)}`;
  }

  /** The request a plan makes now, with its picks, cursor and current ETag filled in. */
  request(plan: Plan, tokens: Record<Plan['caller'], string | undefined>): Request {
    const { operation } = plan;
    const fill = (value: unknown, collection?: string): unknown => {
      if (value instanceof Pick) return this.pick(value.n, collection);
      if (Array.isArray(value)) return value.map((item) => fill(item));
      if (value !== null && typeof value === 'object' && !(value instanceof Raw) && !(value instanceof Uint8Array))
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
      return value;
    };
    const encode = (value: unknown) => (value instanceof Raw ? value.text : encodeURIComponent(String(value)));
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encode(fill(plan.path[name], operation.collection)),
    );
    const id = /\{[^}]+\}$/.test(operation.path) ? path.slice(path.lastIndexOf('/') + 1) : undefined;
    const known = this.cursors.get(operation.path) ?? [];
    const query = Object.entries(plan.query)
      // A cursor before any page gave one: the first page.
      .filter(([, value]) => !isPageCursor(value) || known.length > 0)
      .map(([name, value]) => {
        const filled = isPageCursor(value) ? known[value.cursor % known.length] : value;
        return `${encodeURIComponent(name)}=${encode(fill(filled))}`;
      });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(plan.headers)) {
      headers[name] =
        value === 'current' ? (this.records.get(operation.collection)?.get(id ?? '') ?? '*') : String(value);
    }
    const token = tokens[plan.caller];
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const body = plan.body;
    if (body !== undefined) headers['content-type'] = 'json' in body ? 'application/json' : body.type;
    return {
      method: operation.method,
      url: query.length > 0 ? `${path}?${query.join('&')}` : path,
      headers,
      ...(body === undefined ? {} : { payload: 'json' in body ? JSON.stringify(fill(body.json)) : body.raw }),
    };
  }

  /** Learns from an answer: records made, changed or gone, and the next page's cursor. */
  learn(plan: Plan, sent: Request, answer: Answer): void {
    const { operation } = plan;
    if (plan.caller !== 'owner') return;
    const collection = this.records.get(operation.collection) ?? new Map<string, string>();
    this.records.set(operation.collection, collection);
    const etag = typeof answer.headers.etag === 'string' ? answer.headers.etag : undefined;
    const id = sent.url.split('?')[0]?.split('/').pop() ?? '';
    const created = answer.statusCode === 201 ? (JSON.parse(answer.body) as { id?: unknown }).id : undefined;
    if (typeof created === 'string' && etag) collection.set(created, etag);
    else if (etag && collection.has(id)) collection.set(id, etag);
    else if ((answer.statusCode === 204 || answer.statusCode === 404) && collection.has(id)) collection.delete(id);
    if (answer.statusCode === 200 && operation.method === 'GET') {
      const page = JSON.parse(answer.body) as Record<string, unknown>;
      for (const parameter of operation.parameters.filter((each) => isCursor(operation, each))) {
        const next = page[`next_${parameter.name}`];
        if (typeof next === 'string')
          this.cursors.set(operation.path, [...(this.cursors.get(operation.path) ?? []), next]);
      }
    }
  }
}

const isPageCursor = (value: unknown): value is { cursor: number } =>
  typeof value === 'object' && value !== null && typeof (value as { cursor?: unknown }).cursor === 'number';
