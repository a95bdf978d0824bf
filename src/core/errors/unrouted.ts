/**
 * Answers the server writes outside Fastify's request lifecycle: requests Node's parser refuses, CONNECT,
 * malformed URLs. No hook runs for them, so the access log and the metrics subscribe here instead, and
 * every request the server answers is still logged once and counted, as the docs promise.
 */
import { METHODS } from 'node:http';

export interface UnroutedAnswer {
  readonly reqId: string;
  /** An HTTP method Node knows, or `unknown` (label values stay bounded whatever a client sends). */
  readonly method: string;
  /** The request target, when the request got far enough to have one. */
  readonly url: string | null;
  readonly status: number;
  readonly ms: number;
}

type Listener = (answer: UnroutedAnswer) => void;

export class UnroutedAnswers {
  readonly #listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.#listeners.push(listener);
  }

  report(answer: UnroutedAnswer): void {
    for (const listener of this.#listeners) listener(answer);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly unroutedAnswers: UnroutedAnswers;
  }
}

const KNOWN_METHODS = new Set(METHODS);

/** The method a client sent, when it is one Node knows; `unknown` otherwise. */
export function knownMethod(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : 'unknown';
}
