/**
 * The README's benchmark summary: a few lines made from a run's results, between two markers, so the
 * README never carries figures by hand. `npm run bench` rewrites it whenever it writes bench/results/;
 * test/bench/readme-summary.test.ts checks that the README holds what this makes of latest.json.
 */
import type { Results } from './results.js';

export const SUMMARY_START = '<!-- bench-summary: written by `npm run bench` from bench/results/latest.json -->';
export const SUMMARY_END = '<!-- /bench-summary -->';

const x = (value: number | undefined): string => (value ?? Number.NaN).toFixed(2);
const int = (value: number): string => Math.round(value).toLocaleString('en-US');

/** The block, markers included. */
export function renderSummary(results: Results): string {
  const { load, startup, scaling, machine } = results;
  const service = load.medians.service;
  const most = scaling.points.at(-1);
  const lines = [
    `${results.mode[0]?.toUpperCase()}${results.mode.slice(1)} run of ${results.date.slice(0, 10)} ` +
      `(Node.js ${machine.node}, ${machine.cores} cores), \`GET /v1/smoke_test/\` with every production feature on:`,
    '',
    `- throughput: **${x(load.ratios.bare?.median)}** of bare \`node:http\`, ` +
      `**${x(load.ratios.naive?.median)}** times a naive Fastify assembly (medians of per-round ratios)`,
    `- latency: p99 ${service ? service.p99.toFixed(1) : '?'} ms; errors ${service?.errors ?? '?'}`,
    `- start-up to the first 200: ${int(startup.service.medianMs)} ms` +
      (most && most.features > 1 ? ` (${int(most.startupMs)} ms with ${most.features} features)` : '') +
      (startup.bare
        ? `, ${int(startup.bare.serviceOverBareMs)} ms more than bare \`node:http\`'s ${int(startup.bare.medianMs)} ms` +
          (startup.service.cpuMsAtFirst200 === undefined
            ? ''
            : ` (CPU ${int(startup.service.cpuMsAtFirst200)} against ${int(startup.bare.cpuMsAtFirst200)} ms)`)
        : '') +
      `; ${startup.service.rssAtFirst200Mb.toFixed(1)} MB resident` +
      (startup.withoutDatabase
        ? `; without its database features ${int(startup.withoutDatabase.medianMs)} ms and ` +
          `${startup.withoutDatabase.rssAtFirst200Mb.toFixed(1)} MB`
        : ''),
    ...databaseLine(results),
    ...tracingLine(results),
    '',
    'All figures: [bench/results/latest.md](bench/results/latest.md); how they are measured and what moved them: ' +
      '[docs/benchmarks.md](docs/benchmarks.md).',
  ];
  // Blank lines around the text, as Prettier lays out Markdown around an HTML comment.
  return [SUMMARY_START, '', ...lines, '', SUMMARY_END].join('\n');
}

/** The database path's line; none for results from before it was measured. */
function databaseLine({ database }: Partial<Pick<Results, 'database'>>): string[] {
  if (!database) return [];
  const read = database.read.medians;
  const write = database.write.medians.service;
  const cpu = (summary: { cpuUsPerRequest?: number } | undefined): string =>
    summary?.cpuUsPerRequest === undefined ? '?' : int(summary.cpuUsPerRequest);
  return [
    `- database path (real PostgreSQL): \`GET /v1/pets/{id}\` at **${x(database.read.ratios.bare?.median)}** of ` +
      `\`node:http\` + \`pg\` with the same pool and named prepared statements (CPU ${cpu(read.service)} µs ` +
      `against ${cpu(read.bare)} µs a request), p99 ${read.service ? read.service.p99.toFixed(1) : '?'} ms; ` +
      `a 20-record page at **${x(database.page.ratios.bare?.median)}**; ` +
      `\`POST /v1/pets/\` ${write ? int(write.rps) : '?'} req/s` +
      (database.owner
        ? `; a read by its owner (owner predicate) at **${x(database.owner.ratios.admin?.median)}** of the same ` +
          `read by an admin (no predicate), CPU ${cpu(database.owner.medians.owner)} against ` +
          `${cpu(database.owner.medians.admin)} µs`
        : ''),
  ];
}

/** Tracing's cost; none for results from before it was measured. */
function tracingLine({ tracing }: Partial<Pick<Results, 'tracing'>>): string[] {
  if (!tracing) return [];
  return [
    `- tracing on (OTLP/HTTP export of every request): **${x(tracing.ratios.untraced?.median)}** of the ` +
      'throughput with it off',
  ];
}

/** `readme` with its summary block replaced by `block`; refuses a README without exactly one block. */
export function replaceSummary(readme: string, block: string): string {
  const start = readme.indexOf(SUMMARY_START);
  const end = readme.indexOf(SUMMARY_END);
  if (start < 0 || end < start || readme.indexOf(SUMMARY_START, start + 1) >= 0) {
    throw new Error(`README.md must hold exactly one benchmark summary block (${SUMMARY_START} ... ${SUMMARY_END})`);
  }
  return readme.slice(0, start) + block + readme.slice(end + SUMMARY_END.length);
}

/** The block the README holds now. */
export function currentSummary(readme: string): string {
  const start = readme.indexOf(SUMMARY_START);
  const end = readme.indexOf(SUMMARY_END);
  return start < 0 || end < start ? '' : readme.slice(start, end + SUMMARY_END.length);
}
