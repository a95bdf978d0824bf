/**
 * Idempotent POST for the resource engine (keyed-answer.ts): decorates `app.keyedAnswer`, which the create
 * route answers through, and sweeps expired keys while the app runs. Registered with the database plugin,
 * whose migrations (src/core/migrations/) hold its table.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { keyedAnswers, type KeyedAnswer } from './keyed-answer.js';
import { startSweep } from './sweep.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a request once per Idempotency-Key (keyed-answer.ts); decorated with the database. */
    readonly keyedAnswer: KeyedAnswer;
  }
}

/** The longest between two sweeps: an expired key is free at once, the sweep only keeps the table small. */
const MAX_SWEEP_INTERVAL_MS = 60_000;

export interface IdempotencyOptions {
  readonly settings: Settings;
}

export const idempotency = fp(
  async (app: FastifyInstance, { settings }: IdempotencyOptions) => {
    app.decorate('keyedAnswer', keyedAnswers(app.statements, settings.IDEMPOTENCY_KEY_TTL_S));
    const sweep = startSweep(
      app.statements,
      Math.min(settings.IDEMPOTENCY_KEY_TTL_S * 1000, MAX_SWEEP_INTERVAL_MS),
      app.log,
    );
    app.addHook('onClose', () => sweep.stop());
  },
  { name: 'idempotency', dependencies: ['database'] },
);
