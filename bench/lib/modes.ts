/** Run modes: how many rounds of how long (a full run takes about 6 min here, --quick about 1 min). */
export interface Mode {
  name: 'full' | 'quick' | 'smoke';
  connections: number;
  warmupSeconds: number;
  roundSeconds: number;
  rounds: number;
  clusterRounds: number;
  starts: number;
  /** Feature counts to grow a copy of the project to and measure (beside the project itself), and the seconds of load at each. */
  featureCounts: number[];
  scalingSeconds: number;
  /** Seconds the feature generation may take in this run before it stops at the count reached. */
  generationBudgetSeconds: number;
}

const base = { connections: 50 };

export const MODES: Record<Mode['name'], Mode> = {
  full: {
    ...base,
    name: 'full',
    warmupSeconds: 2,
    roundSeconds: 4,
    rounds: 5,
    clusterRounds: 3,
    starts: 5,
    featureCounts: [10, 100, 300],
    scalingSeconds: 3,
    generationBudgetSeconds: 60,
  },
  quick: {
    ...base,
    name: 'quick',
    warmupSeconds: 0.5,
    roundSeconds: 1,
    rounds: 2,
    clusterRounds: 1,
    starts: 3,
    featureCounts: [10],
    scalingSeconds: 1,
    generationBudgetSeconds: 10,
  },
  smoke: {
    ...base,
    name: 'smoke',
    warmupSeconds: 0,
    roundSeconds: 1,
    rounds: 1,
    clusterRounds: 1,
    starts: 1,
    featureCounts: [],
    scalingSeconds: 1,
    generationBudgetSeconds: 0,
  },
};

export function modeFromArgs(args: readonly string[]): Mode {
  return args.includes('--smoke') ? MODES.smoke : args.includes('--quick') ? MODES.quick : MODES.full;
}

/** Where the committed results live; a run that writes here also rewrites the README's summary. */
export const RESULTS_DIR = 'bench/results';

/** `--out <dir>`: where the results go (bench/results by default). */
export function outDirFromArgs(args: readonly string[]): string {
  const index = args.indexOf('--out');
  return index >= 0 ? (args[index + 1] ?? RESULTS_DIR) : RESULTS_DIR;
}
