/** Reads the Dockerfile the way its tests need it: instructions grouped by build stage. */
import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, with comments dropped and continuation lines joined. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Each stage's instructions, its FROM first. */
export function dockerfileStages(path = 'Dockerfile'): Instruction[][] {
  return instructions(readFileSync(path, 'utf8')).reduce<Instruction[][]>((all, instruction) => {
    if (instruction.keyword === 'FROM') all.push([]);
    all.at(-1)?.push(instruction);
    return all;
  }, []);
}

export const argsOf = (stage: Instruction[], keyword: string): string[] =>
  stage.filter((i) => i.keyword === keyword).map((i) => i.args);

/** What a stage copies from the build context (not from another stage): every source of its COPYs. */
export function contextCopies(stage: Instruction[]): string[] {
  return argsOf(stage, 'COPY')
    .filter((args) => !args.startsWith('--from='))
    .flatMap((args) => args.split(/\s+/).slice(0, -1));
}

/** A JSON-form instruction's argv (CMD, ENTRYPOINT): empty when the stage has none. */
export const argvOf = (stage: Instruction[], keyword: 'CMD' | 'ENTRYPOINT'): string[] =>
  JSON.parse(argsOf(stage, keyword).at(-1) ?? '[]') as string[];

/** The command the image runs: its ENTRYPOINT followed by its CMD. */
export const imageCommand = (stage: Instruction[]): string[] => [
  ...argvOf(stage, 'ENTRYPOINT'),
  ...argvOf(stage, 'CMD'),
];

/** A stage's LABELs as key to value (quoted values, as the Dockerfile writes them). */
export function labelsOf(stage: Instruction[]): Record<string, string> {
  const pairs = argsOf(stage, 'LABEL').flatMap((args) => [...args.matchAll(/([\w.-]+)="([^"]*)"/g)]);
  return Object.fromEntries(pairs.map(([, key = '', value = '']): [string, string] => [key, value]));
}

/** A stage's ENV as name to value (the KEY=value form, as the Dockerfile writes it). */
export function envOf(stage: Instruction[]): Record<string, string> {
  const pairs = argsOf(stage, 'ENV').flatMap((args) => [...args.matchAll(/(\w+)=("[^"]*"|\S*)/g)]);
  return Object.fromEntries(pairs.map(([, key = '', value = '']) => [key, value.replace(/^"(.*)"$/, '$1')]));
}
