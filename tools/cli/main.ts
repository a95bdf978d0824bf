/**
 * The `petsage` command: `petsage feature new|version|field add|list|check|sync|...` and `petsage db migrate`. Refusals
 * print one line on stderr and exit 2 with nothing written; `check` exits 1 when it finds violations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { checkFeatures } from './check.js';
import { changelog } from './contract/changelog.js';
import { release } from './contract/release.js';
import { deprecate } from './deprecate.js';
import { migrateDatabase } from './db.js';
import { EXIT, Refusal } from './errors.js';
import { formatTable, listFeatures } from './list.js';
import { planNew, planVersion, type Plan } from './plan.js';
import { syncRegistry } from './sync.js';
import { FEATURES_DIR, REGISTRY_FILE, RESOURCE_FILE, TESTS_DIR } from './tree.js';
import { featureSpec, parsePayload, type SpecInput } from './spec.js';
import { collect, resourceFlagsInput, type ResourceFlags } from './resource/flags.js';
import { FIELD_SYNTAX } from './resource/field-syntax.js';
import { acceptText } from './text.js';
import { lockedWrite } from './recovery.js';
import { applyFiles, applyPlan } from './writer.js';
import { planFieldAdd } from './resource/field-add.js';
import { diffLines } from './diff.js';
import { developmentToken, TOKEN_DEFAULTS, type TokenOptions } from './token.js';

export interface Io {
  /** The project root the command works on. */
  readonly root: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  /** How long a write waits for another holding the project lock (default: lock.ts's DEFAULT_LOCK_WAIT_MS). */
  readonly lockWaitMs?: number;
}

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const defaultIo: Io = {
  root: PROJECT_ROOT,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
};

interface NewOptions extends ResourceFlags {
  description?: string;
  payload?: string;
  summary?: string;
  tag?: string;
  dryRun?: boolean;
}

function readPayload(io: Io, source: string): SpecInput {
  acceptText('The payload path', source);
  if (source === '-') return parsePayload(io.readStdin(), 'from stdin');
  let text: string;
  try {
    text = readFileSync(resolve(source), 'utf8');
  } catch (error) {
    throw new Refusal(
      `Cannot read payload file ${source} (${(error as NodeJS.ErrnoException).code ?? 'error'}): expected a readable JSON file or - for stdin.`,
    );
  }
  return parsePayload(text, source);
}

function specInput(io: Io, name: string | undefined, options: NewOptions): SpecInput {
  if (options.payload === undefined) {
    const { description, summary, tag } = options;
    return { name, description, summary, tag, resource: resourceFlagsInput(options) };
  }
  if (name !== undefined || options.description !== undefined) {
    throw new Refusal('Give the feature either as <name> --description "<text>" or as --payload <file|->, not both.');
  }
  const payload = readPayload(io, options.payload);
  return {
    ...payload,
    summary: options.summary ?? payload.summary,
    tag: options.tag ?? payload.tag,
    resource: resourceFlagsInput(options, payload.resource),
  };
}

function report(io: Io, plan: Plan, dryRun: boolean): void {
  const label = `${plan.module.name} v${plan.module.version}`;
  io.stdout(dryRun ? `Would create ${label} (dry run, nothing written):\n` : `Created ${label}:\n`);
  for (const file of plan.files) io.stdout(`  ${file.path}\n`);
  io.stdout(`${dryRun ? 'Would update' : 'Updated'} ${REGISTRY_FILE}:\n`);
  io.stdout(diffLines(plan.registry.before, plan.registry.after));
  if (!dryRun) {
    const path = `/v${plan.module.version}/${plan.module.name}`;
    const resource = `${FEATURES_DIR}/${plan.module.name}/${RESOURCE_FILE}`;
    const routes =
      plan.files.some((file) => file.path === resource) || existsSync(join(io.root, resource))
        ? `GET, POST ${path}/ and GET, PATCH, DELETE ${path}/{id}`
        : `GET ${path}/`;
    io.stdout(`Serving ${routes}; next: edit its service and run npm test.\n`);
  }
}

/** Plans and writes under the project lock (so the plan sees every write before it), or only plans on --dry-run. */
async function execute(
  io: Io,
  command: string,
  makePlan: () => Promise<Plan>,
  dryRun: boolean | undefined,
): Promise<void> {
  if (dryRun === true) {
    report(io, await makePlan(), true);
    return;
  }
  const write = async (): Promise<Plan> => {
    const plan = await makePlan();
    applyPlan(io.root, plan, command);
    return plan;
  };
  report(io, await lockedWrite(io.root, command, io.stdout, write, io.lockWaitMs), false);
}

export function buildProgram(io: Io, exit: { code: number } = { code: EXIT.ok }): Command {
  const program = new Command('petsage')
    .description('PetSage backend developer tools')
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // Usage errors as one line, like every other refusal.
      outputError: (text, write) => {
        write(
          `petsage: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (see --help)\n`,
        );
      },
    });
  const feature = program
    .command('feature')
    .description('build, version, list and check feature modules (src/features/<name>/v<N>/)');

  feature
    .command('new')
    .description('create feature <name> at v1 with its tests, and register it')
    .argument('[name]', 'lower snake_case feature name, also its URL segment (e.g. vet_visits)')
    .option('-d, --description <text>', 'what the feature is; also the message its endpoint answers')
    .option(
      '-p, --payload <file|->',
      'read {"feature", "description", "summary"?, "tag"?, "resource"?} from a JSON file or stdin',
    )
    .option('-s, --summary <text>', 'OpenAPI summary of the endpoint (default: "Get the <Title> status")')
    .option('-t, --tag <text>', 'OpenAPI tag of the endpoint (default: the feature name in title case)')
    .option('-r, --resource', 'build a resource: CRUD routes on a table of its --field values (see docs/builder.md)')
    .option('-f, --field <spec>', `a resource field, repeatable: ${FIELD_SYNTAX}`, collect, [])
    .option('--singular <name>', 'the singular of the name, for schema names and operation ids (default: guessed)')
    .option('--read-scope <scope>', 'scope the reads need (default: <name>:read)')
    .option('--write-scope <scope>', 'scope the writes need (default: <name>:write)')
    .option('-n, --dry-run', 'print the files and the registry change, write nothing')
    .action(async (name: string | undefined, options: NewOptions) => {
      const spec = featureSpec(specInput(io, name, options));
      await execute(io, `feature new ${spec.name}`, () => planNew(io.root, spec), options.dryRun);
    });

  feature
    .command('version')
    .description('create the next version of <name> as a copy of its latest one, and register it')
    .argument('<name>', 'an existing feature')
    .option('-n, --dry-run', 'print the files and the registry change, write nothing')
    .action(async (name: string, options: { dryRun?: boolean }) => {
      await execute(io, `feature version ${name}`, () => planVersion(io.root, name), options.dryRun);
    });

  feature
    .command('field')
    .description("change a resource's fields: its declaration and the migration that follows it")
    .command('add')
    .description("add a field to <name>'s declaration and write the next migration, which adds its column")
    .argument('<name>', 'an existing resource feature')
    .argument('<field>', `the field, as --field takes it: ${FIELD_SYNTAX}`)
    .action(async (name: string, flag: string) => {
      const command = `feature field add ${name}`;
      const write = async () => {
        const addition = await planFieldAdd(io.root, name, flag);
        applyFiles(io.root, addition.files, command);
        return addition;
      };
      const { field, files, existing, released } = await lockedWrite(io.root, command, io.stdout, write, io.lockWaitMs);
      io.stdout(`Added field ${field.name} to ${name}:\n${files.map((file) => `  ${file.path}\n`).join('')}`);
      io.stdout(`The migration runs with the others (npx petsage db migrate): ${existing}.\n`);
      if (!field.optional && field.default === undefined) {
        // Its generated tests were written for the fields it had: their bodies and required lists now lack one.
        io.stdout(`Its tests send the fields ${name} had: give them ${field.name} (${TESTS_DIR}/${name}/).\n`);
      }
      for (const ref of released) {
        io.stdout(`${name} v${ref.version} is released: its contract records the field, an additive change.\n`);
      }
    });

  feature
    .command('release')
    .description(
      'record the contract of <name> v<N> (contracts/<name>/v<N>.json, contracts/releases.json); it may then only grow',
    )
    .argument('<name>', 'an existing feature')
    .argument('<version>', 'one of its versions, as v<N>')
    .option('--update', 'record what a released version has gained since (additive changes only)')
    .action(async (name: string, version: string, options: { update?: boolean }) => {
      const update = options.update === true;
      const done = await release(io.root, name, version, { update, notify: io.stdout, lockWaitMs: io.lockWaitMs });
      const path = done.plan.files.map((file) => file.path).join(', ');
      if (update && done.recorded.length === 0) {
        io.stdout(`${name} ${version}: ${path} already records its contract; nothing written\n`);
        return;
      }
      io.stdout(`${update ? 'Updated' : 'Released'} ${name} ${version}: ${path}\n`);
      for (const line of done.recorded) io.stdout(`  recorded: ${line}\n`);
    });

  feature
    .command('deprecate')
    .description('announce the end of <name> v<N>: Deprecation, Sunset and Link headers; 410 Gone after the sunset')
    .argument('<name>', 'an existing feature')
    .argument('<version>', 'one of its versions, as v<N>; not its only one')
    .option('--sunset <date>', 'the day (YYYY-MM-DD, UTC, in the future) it stops answering')
    .action(async (name: string, version: string, options: { sunset?: string }) => {
      const { file, deprecation } = await deprecate(io.root, name, version, options.sunset, io);
      const until = deprecation.sunset === undefined ? 'no sunset date' : `sunset ${deprecation.sunset}`;
      io.stdout(`Deprecated ${name} ${version} since ${deprecation.since}, ${until}: ${file.path}\n`);
    });

  feature
    .command('list')
    .description('print every feature version with its endpoints')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const features = await listFeatures(io.root);
      io.stdout(options.json === true ? `${JSON.stringify(features, null, 2)}\n` : `${formatTable(features)}\n`);
    });

  feature
    .command('changelog')
    .description('per feature, what each version added, changed and deprecated against the previous one')
    .argument('[name]', 'only this feature')
    .action(async (name: string | undefined) => {
      io.stdout(await changelog(io.root, name));
    });

  feature
    .command('check')
    .description('verify every module: files, registration, tests, README example = real answer = OpenAPI example')
    .action(async () => {
      const violations = await checkFeatures(io.root, (line) => {
        io.stdout(`${line}\n`);
      });
      for (const { path, problem } of violations) io.stderr(`${path}: ${problem}\n`);
      if (violations.length > 0) {
        io.stderr(`feature check: ${violations.length} violation(s)\n`);
        exit.code = EXIT.violations;
      } else {
        io.stdout('feature check: all feature modules are complete, registered, tested and documented\n');
      }
    });

  feature
    .command('sync')
    .description('regenerate src/features/registry.ts from the modules on disk')
    .action(async () => {
      io.stdout(await lockedWrite(io.root, 'feature sync', io.stdout, () => syncRegistry(io.root), io.lockWaitMs));
    });
  program
    .command('token')
    .description('print a development access token that the service trusts outside production (no AUTH_ISSUER)')
    .option('--scope <scopes...>', 'scopes to grant, e.g. pets:read pets:write', [])
    .option('--sub <subject>', 'the subject (sub claim)', TOKEN_DEFAULTS.sub)
    .option('--ttl <seconds>', 'lifetime in seconds', TOKEN_DEFAULTS.ttl)
    .option('--audience <aud>', 'the aud claim (AUTH_AUDIENCE)', TOKEN_DEFAULTS.audience)
    .option('--keys-dir <dir>', 'where the development key lives (AUTH_DEV_KEYS_DIR)', TOKEN_DEFAULTS.keysDir)
    .action(async (options: TokenOptions) => {
      io.stdout(`${await developmentToken(io.root, options)}\n`);
    });

  program
    .command('db')
    .description('the database of the features that use one')
    .command('migrate')
    .description(
      'apply pending migrations (src/features/<name>/migrations/) to DATABASE_URL, or the embedded dev database',
    )
    .action(async () => {
      const applied = await migrateDatabase(io.root, process.env, (line) => {
        io.stdout(`${line}\n`);
      });
      io.stdout(applied.length === 0 ? 'db migrate: up to date\n' : `db migrate: applied ${applied.join(', ')}\n`);
    });
  return program;
}

/** Runs the command line; resolves with the exit code. */
export async function run(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const exit = { code: EXIT.ok as number };
  try {
    await buildProgram(io, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version print and succeed; usage errors were already printed by commander on one line.
      return error.exitCode === 0 ? EXIT.ok : EXIT.refused;
    }
    if (error instanceof Refusal) {
      io.stderr(`petsage: ${error.message}\n`);
      return EXIT.refused;
    }
    io.stderr(`petsage: failed, nothing changed: ${(error as Error).message.split('\n')[0] ?? ''}\n`);
    return EXIT.failure;
  }
}
