/** The Markdown report of a run: deterministic for a given result. */
import type { Comparison, Results, Summary } from './results.js';

const LABELS: Record<string, string> = {
  bare: 'bare node:http (the limit)',
  naive: 'naive Fastify (request logging + @fastify/helmet)',
  service: 'PetSage service (`node dist/server.js`)',
  cluster: 'PetSage service, WEB_CONCURRENCY=2',
  unauthenticated: 'public route (no token)',
  authenticated: 'protected route (bearer token verified)',
  untraced: 'service, tracing off (no OTLP endpoint)',
  traced: 'service, tracing on (OTLP/HTTP export)',
  owner: 'read as its owner (owner predicate in the statement)',
  admin: 'read as an admin (pets:admin: no owner predicate)',
  unlimited: 'service, rate limits off (every budget 0)',
  limited: 'service, rate limits on, never refusing (200)',
  refused: 'service, one client past its budget (429)',
};

const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => value.toFixed(1);
const x = (value: number): string => value.toFixed(2);

/** In the database path, `bare` is the node:http + pg baseline. */
const DATABASE_LABELS: Record<string, string> = {
  ...LABELS,
  bare: 'node:http + pg, same pool, named prepared statements (the limit)',
};

function loadTable(comparison: Comparison, subject: string, labels = LABELS): string {
  const rows = Object.entries(comparison.medians).map(([name, s]: [string, Summary]) => {
    const ratio = name === subject ? '1.00' : x(comparison.ratios[name]?.median ?? Number.NaN);
    return `| ${labels[name] ?? name} | ${int(s.rps)} | ${int(s.cpuUsPerRequest)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.errors} | ${s.non2xx} | ${ratio} |`;
  });
  const ratios = Object.entries(comparison.ratios).map(
    ([name, r]) =>
      `- ${labels[subject] ?? subject} / ${labels[name] ?? name}: median **${x(r.median)}** (per round: ${r.perRound.map(x).join(', ')})`,
  );
  return [
    `| target | req/s | CPU µs/req | p50 ms | p99 ms | max ms | errors | non-2xx | ${subject} ÷ target |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    ...ratios,
  ].join('\n');
}

function featuresOn(results: Results): string {
  const f = results.featuresOn;
  const yes = (on: boolean): string => (on ? 'on' : 'off');
  return [
    `- access-log lines per request: ${f.accessLogLinesPerRequest}`,
    `- request id (x-request-id): ${yes(f.requestId)}`,
    `- security headers: ${f.securityHeaders.length > 0 ? f.securityHeaders.join(', ') : 'none'}`,
    `- /metrics: ${yes(f.metrics)}, /livez: ${yes(f.livez)}, /readyz: ${yes(f.readyz)}`,
    `- response header bytes on the smoke test: ${f.responseHeaderBytes}`,
  ].join('\n');
}

function scaling(results: Results): string {
  const { points, note } = results.scaling;
  if (points.length === 0) return `Feature-count scaling: ${note}.`;
  return [
    '| features | start-up ms | RSS at first 200 MB | req/s | p99 ms |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...points.map(
      (p) => `| ${p.features} | ${int(p.startupMs)} | ${p.rssMb.toFixed(1)} | ${int(p.rps)} | ${ms(p.p99)} |`,
    ),
    ...(note === '' ? [] : ['', `Note: ${note}.`]),
  ].join('\n');
}

export function renderMarkdown(results: Results): string {
  const { machine: m, settings: s, startup } = results;
  return `${[
    `# Benchmark: \`GET /v1/smoke_test/\` (${results.mode} run)`,
    '',
    `${results.date}, ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, Node.js ${m.node}, ${m.platform}. ` +
      `wrk (one thread, bench/load.lua), ${s.connections} keep-alive connections, ${s.rounds} interleaved rounds ` +
      `of ${s.roundSeconds} s after a ${s.warmupSeconds} s warm-up; medians (errors and non-2xx: totals). ` +
      'CPU µs/req: user + system CPU time of the server processes over the round (/proc), per request. ' +
      `Run took ${results.elapsedSeconds} s.`,
    '',
    '## Production features seen on the service',
    '',
    featuresOn(results),
    '',
    '## Throughput and latency',
    '',
    loadTable(results.load, 'service'),
    '',
    `## WEB_CONCURRENCY=2`,
    '',
    results.cluster.workers > 0
      ? `The service ran ${results.cluster.workers} worker processes.`
      : 'The service started no worker processes: this tree ignores WEB_CONCURRENCY (one process).',
    '',
    loadTable(results.cluster, 'cluster'),
    '',
    '## Authentication',
    '',
    'One process (`bench/targets/auth-service.ts`) serves the smoke test answer on a public route and on a ' +
      'protected one; the protected one checks an RS256 bearer token and its scope with the production defaults: ' +
      'the JWKS fetched once and cached, the token verified once and then remembered (`AUTH_TOKEN_CACHE_TTL_MS`).',
    '',
    loadTable(results.auth, 'authenticated'),
    '',
    '## Tracing',
    '',
    'The built service with `OTEL_EXPORTER_OTLP_ENDPOINT` set, exporting every request of the smoke test (the ' +
      "http server span, @fastify/otel's request and handler spans) to an OTLP/HTTP receiver on 127.0.0.1, " +
      `against the same service without it (${int(results.tracing.exports)} exports received).`,
    '',
    loadTable(results.tracing, 'traced'),
    ...rateLimits(results.rateLimits),
    '',
    '## Start-up and memory',
    '',
    '| process | start-up to first 200 (median) | RSS at first 200 | RSS after load |',
    '| --- | ---: | ---: | ---: |',
    `| service | ${int(startup.service.medianMs)} ms | ${startup.service.rssAtFirst200Mb.toFixed(1)} MB | ${startup.service.rssAfterLoadMb.toFixed(1)} MB |`,
    ...bareRow(startup.bare),
    `| cluster (primary + workers) | ${int(startup.cluster.medianMs)} ms | ${startup.cluster.rssAtFirst200Mb.primary.toFixed(1)} + ${startup.cluster.rssAtFirst200Mb.workers.toFixed(1)} = ${startup.cluster.rssAtFirst200Mb.total.toFixed(1)} MB | |`,
    ...withoutDatabaseRow(startup.withoutDatabase),
    ...startupCpu(startup),
    '',
    '## Feature count',
    '',
    scaling(results),
    '',
    '## Database path',
    '',
    'The production build against a real PostgreSQL server, beside node:http doing the same query through ' +
      'the same driver (pg) and pool size as a named prepared statement; the writes run first and fill the table. ' +
      'The service authenticates each request (bearer token, cached after its first verification).',
    '',
    '### `GET /v1/pets/{id}`',
    '',
    loadTable(results.database.read, 'service', DATABASE_LABELS),
    '',
    '### `GET /v1/pets/?limit=20`',
    '',
    loadTable(results.database.page, 'service', DATABASE_LABELS),
    '',
    '### `POST /v1/pets/`',
    '',
    loadTable(results.database.write, 'service', DATABASE_LABELS),
    ...ownerCheck(results.database.owner),
  ].join('\n')}\n`;
}

/** What the limiter costs, and what a refusal costs against an answer; none for older results. */
function rateLimits(measured: Results['rateLimits']): string[] {
  if (!measured) return [];
  return [
    '',
    '## Rate limits',
    '',
    'The built service three times on the smoke test, with the production settings and one difference: limits ' +
      'on and too high to refuse the load (as above), every budget 0 (the limiter off), and a read budget of 1 a ' +
      'day, so that the load is one client past its budget, answered 429. CPU µs/req is the fair measure of ' +
      'what a refusal costs against an answer.',
    '',
    '### Counting: limits on against off',
    '',
    loadTable(measured.counting, 'limited'),
    cpuRatio(measured.counting, 'limited', 'unlimited'),
    '',
    '### A refusal (429) against an answer (200)',
    '',
    loadTable(measured.refusal, 'refused'),
    cpuRatio(measured.refusal, 'refused', 'limited'),
  ];
}

/** The median CPU per request of `subject` over that of `other`. */
function cpuRatio(comparison: Comparison, subject: string, other: string): string {
  const cpu = (name: string): number => comparison.medians[name]?.cpuUsPerRequest ?? Number.NaN;
  return `- CPU µs/req, ${LABELS[subject] ?? subject} / ${LABELS[other] ?? other}: **${x(cpu(subject) / cpu(other))}**`;
}

/** The owner check's cost: one record read by its owner and by an admin; none for older results. */
function ownerCheck(owner: Comparison | undefined): string[] {
  if (!owner) return [];
  return [
    '',
    '### The owner check',
    '',
    'The same service reads the same record, once as its owner (the statement carries the owner predicate) and ' +
      'once with an admin token of the same subject (`pets:admin`: no predicate, the record shown with its owner).',
    '',
    loadTable(owner, 'owner'),
  ];
}

/** Bare node:http's start-up beside the service's, and the difference; none for older results. */
function bareRow(bare: Results['startup']['bare']): string[] {
  if (!bare) return [];
  return [
    `| bare node:http (plain JavaScript; the service takes ${int(bare.serviceOverBareMs)} ms more, median of paired starts) | ${int(bare.medianMs)} ms | ${bare.rssAtFirst200Mb.toFixed(1)} MB | |`,
  ];
}

/** CPU time to the first 200, which a busy machine inflates less than the time; none for older results. */
function startupCpu({ service, bare }: Results['startup']): string[] {
  if (service.cpuMsAtFirst200 === undefined || !bare) return [];
  return [
    '',
    `CPU time (user + system, /proc) used by the first 200, medians: service ${int(service.cpuMsAtFirst200)} ms, ` +
      `bare node:http ${int(bare.cpuMsAtFirst200)} ms. On a shared machine it moves less than the time to the first 200.`,
  ];
}

/** The service without its database features, which then loads no database code; none in smoke runs. */
function withoutDatabaseRow(measured: Results['startup']['withoutDatabase']): string[] {
  if (!measured) return [];
  const removed = measured.removed.map((name) => `\`${name}\``).join(', ') || 'none';
  return [
    `| service without its database features (${removed} removed) | ${int(measured.medianMs)} ms | ${measured.rssAtFirst200Mb.toFixed(1)} MB | |`,
  ];
}
