import type { CleanupPolicyInput, CleanupQueue } from '../../../shared/cleanup/cleanup-schemas';
import { CleanupPolicySchema } from '../../../shared/cleanup/cleanup-schemas';
import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling suspects <dataset> [policy options] [--json]

List the label-cleanup queue: the items whose label a model run's out-of-sample probabilities most
contradict (confident learning, as cleanlab), per split, with the suggested label, plus items tagged
"mislabeled" in error analysis; then the estimated wrong labels per class and the coverage per split.
Policy options change the project's one cleanup session policy (the app's Cleanup screen shows it):

  --splits dev,test      splits to review (dev, test, train; train needs --cross-validate first)
  --ranking <name>       self_confidence (default) or normalized_margin
  --top <k>              the k most suspect items of each split (default 50)
  --below <score>        instead of --top: every item whose score is ≤ score (0–1)
  --run <run id>         the model run that ranks (default: the newest completed run)
  --latest-run           rank with the newest completed run again (forget --run)
  --cross-validate <k>   first train k models on k folds of the train split (current labels) for
                         out-of-fold train probabilities, so train can be ranked (--epochs, default 5)
  --epochs <n>           epochs of each fold's MLP
  --json                 print the whole queue as JSON`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  splits: { type: 'string' },
  ranking: { type: 'string' },
  top: { type: 'string' },
  below: { type: 'string' },
  run: { type: 'string' },
  'latest-run': { type: 'boolean', default: false },
  'cross-validate': { type: 'string' },
  epochs: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function number(value: string, name: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed))
    throw new CliError(`--${name} takes a number, not "${value}".`);
  return parsed;
}

/** The policy the flags ask for on top of the saved one, or null when no policy flag was given. */
export function policyFromFlags(values: Values, saved: CleanupQueue['policy']): CleanupPolicyInput | null {
  const given = ['splits', 'ranking', 'top', 'below', 'run'].some(
    (key) => values[key as keyof Values] !== undefined,
  );
  if (!given && !values['latest-run']) return null;
  if (values.top !== undefined && values.below !== undefined)
    throw new CliError('Give --top or --below, not both.');
  const policy: CleanupPolicyInput = {
    splits:
      values.splits !== undefined ? (values.splits.split(',').map((s) => s.trim()) as never) : saved.splits,
    ranking: (values.ranking as never) ?? saved.ranking,
    depth:
      values.top !== undefined
        ? { kind: 'topK', k: number(values.top, 'top') }
        : values.below !== undefined
          ? { kind: 'threshold', score: number(values.below, 'below') }
          : saved.depth,
    runId: values['latest-run'] ? null : (values.run ?? saved.runId),
  };
  const checked = CleanupPolicySchema.safeParse(policy);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new CliError(`Invalid policy ${issue.path.join('.') || ''}: ${issue.message}`.replace(' :', ':'));
  }
  return policy;
}

const fixed = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));

function printQueue(queue: CleanupQueue): void {
  const { policy } = queue;
  const depth =
    policy.depth.kind === 'topK' ? `top ${policy.depth.k} per split` : `score ≤ ${policy.depth.score}`;
  console.log(
    `Policy: ${policy.splits.join(' + ')} · ${policy.ranking} · ${depth} · run ${queue.runId ?? '—'}` +
      ` (trained at label revision ${queue.runRevision ?? '—'}; labels now at revision ${queue.revision})`,
  );
  if (queue.warning) console.log(`\nWARNING: ${queue.warning}\n`);
  for (const note of queue.notes) console.log(`note: ${note}`);
  if (queue.items.length === 0) console.log('The queue is empty.');
  for (const item of queue.items) {
    const top = item.top.map((entry) => `${entry.label} ${entry.probability.toFixed(2)}`).join(', ');
    const label =
      item.givenLabel === item.originalLabel
        ? item.givenLabel
        : `${item.givenLabel} (was ${item.originalLabel})`;
    console.log(
      `${item.split.padEnd(4)} #${String(item.rank ?? '-').padEnd(4)} ${item.itemId}  ${item.relativePath}  given ${label} → suggest ${item.suggestedLabel ?? '—'}` +
        `  score ${fixed(item.score)}${item.isLabelIssue ? ' [issue]' : ''}${item.sources.includes('analyst') ? ' [analyst]' : ''}` +
        `  ${item.review}${top ? `  (${top})` : ''}`,
    );
  }
  for (const estimate of queue.estimates) {
    const classes = estimate.perClass
      .filter((entry) => entry.estimatedWrong >= 0.5 || entry.flagged > 0)
      .map((entry) => `${entry.label} ~${entry.estimatedWrong.toFixed(1)} (${entry.flagged} flagged)`)
      .join(', ');
    console.log(
      `${estimate.split}: ~${estimate.estimatedWrong.toFixed(1)} wrong labels estimated, ${estimate.flagged} flagged${classes ? ` — ${classes}` : ''}`,
    );
  }
  for (const split of ['dev', 'test'] as const) {
    const c = queue.coverage[split];
    console.log(
      `${split} coverage: ${c.reviewed}/${c.inPolicy} reviewed (fixed ${c.fixed}, kept ${c.kept}, ambiguous ${c.ambiguous}, excluded ${c.excluded})${c.covered ? '' : ' — not in the policy'}`,
    );
  }
}

export const suspectsCommand: Command = {
  name: 'suspects',
  summary: 'the label-cleanup queue: likely label errors per split, ranked',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset.\n\n${usage}`);
    const queue = await withProject(dataset, values['project-dir'], async (app) => {
      if (values['cross-validate'] !== undefined) {
        const k = number(values['cross-validate'], 'cross-validate');
        const epochs = values.epochs === undefined ? 5 : number(values.epochs, 'epochs');
        process.stderr.write(`k-fold training: ${k} folds of the train split, ${epochs} epochs each…\n`);
        const oof = await call(app, 'cleanup.crossValidate', { k, epochs });
        process.stderr.write(
          `Out-of-fold probabilities for ${oof.items} train items (accuracy ${((oof.accuracy ?? 0) * 100).toFixed(1)}%, ${oof.seconds.toFixed(0)} s).\n`,
        );
      }
      const session = await call(app, 'cleanup.session.get', {});
      const policy = policyFromFlags(values, session.policy);
      if (policy) await call(app, 'cleanup.session.save', { policy });
      return call(app, 'cleanup.queue', {});
    });
    if (values.json) printJson(queue);
    else printQueue(queue);
  },
};
