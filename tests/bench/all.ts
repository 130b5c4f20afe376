/**
 * Runs every benchmark, one after the other, each in its own process, and prints a summary with every `budget` line.
 * A missed budget is reported, not fatal: the runner exits non-zero only when a benchmark crashed.
 *
 * Usage: tsx bench/all.ts [--quick] [--only load,message-path] [--adapter embedded|mongo] [-- extra args]
 *   --quick     short smoke-test settings for each benchmark
 *   --only      run these benchmarks only (names from BENCHES below)
 *   --adapter   mongo: benchmarks that support it also measure the MongoDB store, and mongo-round-trips runs
 *   anything else is passed to the selected benchmarks unchanged (use it together with --only).
 *
 * To add a benchmark, add one entry to BENCHES. Convention for benchmarks: exit 0 when every budget is met,
 * EXIT_BUDGET_MISSED when one is missed, anything else when the benchmark itself failed; print one line per
 * budgeted figure starting with "budget " so the summary can repeat it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

interface RunnerOptions {
  quick: boolean;
  adapter: 'embedded' | 'mongo' | undefined;
}

interface Bench {
  name: string;
  /** Path under tests/bench/. */
  script: string;
  args(o: RunnerOptions): string[];
  /** Runs only with these options (default: always). */
  when?: (o: RunnerOptions) => boolean;
}

const BENCHES: Bench[] = [
  { name: 'message-path', script: 'message-path.ts', args: (o) => (o.quick ? ['--messages', '100', '--warmup', '20'] : []) },
  {
    name: 'load',
    script: 'load.ts',
    args: (o) => [...(o.quick ? ['--quick'] : []), ...(o.adapter ? ['--adapter', o.adapter] : [])],
  },
  { name: 'scale', script: 'scale.ts', args: (o) => [...(o.quick ? ['--quick'] : []), '--budget-exit-code', '3'] },
  { name: 'search-index-cost', script: 'search-index-cost.ts', args: (o) => (o.quick ? ['--messages', '2000', '--rounds', '1'] : []) },
  { name: 'inbox-list', script: 'inbox-list.ts', args: (o) => [...(o.quick ? ['--quick'] : []), '--budget-exit-code', '3'] },
  {
    name: 'mongo-round-trips',
    script: 'mongo-round-trips.ts',
    args: (o) => (o.quick ? ['--messages', '20', '--idle-seconds', '2'] : []),
    when: (o) => o.adapter === 'mongo',
  },
];

const EXIT_BUDGET_MISSED = 3;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const TESTS_DIR = path.resolve(HERE, '..');

function parse(argv: string[]): { options: RunnerOptions; only: string[] | undefined; extra: string[] } {
  const options: RunnerOptions = { quick: false, adapter: undefined };
  let only: string[] | undefined;
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--') continue;
    else if (flag === '--quick') options.quick = true;
    else if (flag === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--adapter') {
      const adapter = value();
      if (adapter !== 'embedded' && adapter !== 'mongo') throw new Error(`--adapter must be embedded or mongo (got ${adapter})`);
      options.adapter = adapter;
    } else extra.push(arg);
  }
  for (const name of only ?? []) {
    if (!BENCHES.some((b) => b.name === name)) throw new Error(`unknown benchmark "${name}" (have ${BENCHES.map((b) => b.name).join(', ')})`);
  }
  return { options, only, extra };
}

interface Outcome {
  bench: Bench;
  code: number | null;
  signal: NodeJS.Signals | null;
  seconds: number;
  budgetLines: string[];
}

let current: ReturnType<typeof spawn> | undefined;
/** Set when the runner got a signal (a terminal's Ctrl+C reaches the benchmark too). */
let interrupted: NodeJS.Signals | undefined;

function run(bench: Bench, args: string[]): Promise<Outcome> {
  const started = performance.now();
  console.log(`\n════ ${bench.name}: tsx bench/${bench.script} ${args.join(' ')}`.trimEnd());
  // One node process per benchmark (no tsx launcher in between) so that signals reach it directly.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, bench.script), ...args], {
    cwd: TESTS_DIR,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  current = child;
  const budgetLines: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('budget ')) budgetLines.push(line);
  });
  return new Promise((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      current = undefined;
      if (pending.startsWith('budget ')) budgetLines.push(pending);
      resolve({ bench, code, signal, seconds: (performance.now() - started) / 1000, budgetLines });
    };
    child.once('error', (err) => {
      console.error(`could not start ${bench.script}: ${err.message}`);
      finish(null, null);
    });
    child.once('exit', finish);
  });
}

function describe(o: Outcome): string {
  if (o.code === 0) return 'ok';
  if (o.code === EXIT_BUDGET_MISSED) return 'ran, budget missed';
  if (interrupted && (o.signal !== null || (o.code !== null && o.code > 128))) return `interrupted (${o.signal ?? `exit code ${o.code}`})`;
  return `CRASHED (${o.signal ? `signal ${o.signal}` : o.code === null ? 'did not start' : `exit code ${o.code}`})`;
}

async function main(): Promise<number> {
  const { options, only, extra } = parse(process.argv.slice(2));
  const selected = only ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES.filter((b) => b.when?.(options) ?? true);
  if (extra.length && selected.length !== 1) throw new Error(`extra arguments (${extra.join(' ')}) need --only <one benchmark>`);
  // A terminal's Ctrl+C reaches the benchmark (same process group) and it cleans up; a signal sent to this runner
  // alone is passed on. Either way the runner stops after the current benchmark has exited.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      interrupted = signal;
      const child = current;
      setTimeout(() => child?.exitCode === null && child.signalCode === null && child.kill(signal), 1000).unref();
    });
  }
  const outcomes: Outcome[] = [];
  for (const bench of selected) {
    outcomes.push(await run(bench, [...bench.args(options), ...extra]));
    if (interrupted) break;
  }
  console.log('\n════ summary');
  for (const o of outcomes) console.log(`  ${o.bench.name.padEnd(18)} ${describe(o)} (${o.seconds.toFixed(0)} s)`);
  const budgets = outcomes.flatMap((o) => o.budgetLines);
  if (budgets.length) console.log(`\n${budgets.join('\n')}`);
  if (interrupted) return 130;
  return outcomes.some((o) => o.code !== 0 && o.code !== EXIT_BUDGET_MISSED) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
