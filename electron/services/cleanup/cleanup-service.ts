import { ApiFailure } from '../../../shared/result';
import { rankPolicyItems, type RankedItem, type ScoredCandidate } from '../../../shared/cleanup/build-queue';
import {
  CLEANUP_SPLITS,
  type CleanupPolicy,
  type CleanupQueue,
  type CleanupSession,
  type CleanupSplit,
  type Coverage,
  type CoverageReport,
  type OutOfFold,
  type QueueItem,
  type SplitCoverage,
} from '../../../shared/cleanup/cleanup-schemas';
import { coverageWarning } from '../../../shared/cleanup/coverage-rule';
import type {
  FixLog,
  FixLogEntry,
  ReviewDecision,
  SuspicionSource,
} from '../../../shared/cleanup/fix-log-schemas';
import {
  checkDecision,
  checkUndo,
  replayFixLog,
  type ReplayResult,
} from '../../../shared/cleanup/replay-fix-log';
import { findSystematicConfusion, type SystematicConfusion } from '../../../shared/cleanup/systematic-fixes';
import type { CurrentLabel } from '../../../shared/cleanup/before-after';
import type { Item, Split } from '../../../shared/items';
import type { RunRecord } from '../../../shared/training/run-schemas';
import { runPredictions, type RunPredictions } from '../ml/predictions/run-predictions';
import { RunStore } from '../ml/runs/run-store';
import type { Project } from '../projects/project';
import { SplitService } from '../splits/split-service';
import { blackboxGuard } from '../analysis/eyeball-service';
import { analystSuspects } from './analyst-suspects';
import {
  computeOutOfFold,
  readOutOfFold,
  type OutOfFoldProgress,
  type OutOfFoldRequest,
} from './out-of-fold';
import { openCleanupSessionDocument } from './cleanup-session-document';
import { FixLogFile, fixLogPath } from './fix-log-file';

/** Train labels need out-of-fold probabilities; a model's predictions on its own training items are not. */
export const TRAIN_NEEDS_KFOLD =
  "Train labels can only be ranked with out-of-sample probabilities, which need k-fold training: a model's predictions on the items it was trained on are in-sample and flag almost nothing. Run k-fold training first (Cleanup screen, or `ceiling suspects --cross-validate 5`), or remove train from the policy.";

/** The current labels: the imported labels plus the replayed log, at a revision. */
export interface CurrentLabels {
  revision: number;
  log: FixLog;
  replay: ReplayResult;
  /** What the log says of an item (undefined for an unknown id). */
  labelOf(itemId: string): CurrentLabel | undefined;
}

const perProject = new WeakMap<Project, CleanupService>();

/**
 * Label cleanup of one project (issue 6): the session policy, the review queue ranked by confident
 * learning on a model run's out-of-sample probabilities, decisions as entries of the append-only fix
 * log, coverage per split with the dev/test warning, and the current labels every other part reads
 * (training, before/after, the decomposition). The arithmetic is shared/cleanup's.
 */
export class CleanupService {
  readonly log: FixLogFile;

  private constructor(private readonly project: Project) {
    this.log = new FixLogFile(fixLogPath(project.projectDir));
  }

  static of(project: Project): CleanupService {
    let service = perProject.get(project);
    if (!service) perProject.set(project, (service = new CleanupService(project)));
    return service;
  }

  private items(): readonly Item[] {
    return this.project.index?.items ?? [];
  }

  private itemById(id: string): Item | undefined {
    return this.project.index?.get(id);
  }

  /** The project's classes: every imported label, sorted (a relabel must name one of them). */
  classes(): string[] {
    return [...new Set(this.items().map((item) => item.label))].sort();
  }

  async currentLabels(): Promise<CurrentLabels> {
    const log = await this.log.read();
    return this.labelsFrom(log);
  }

  private labelsFrom(log: FixLog): CurrentLabels {
    const replay = replayFixLog(log.entries, (id) => this.itemById(id)?.label);
    return {
      revision: log.revision,
      log,
      replay,
      labelOf: (itemId) => {
        const state = replay.items.get(itemId);
        if (state) return { original: state.originalLabel, current: state.label, excluded: state.excluded };
        const item = this.itemById(itemId);
        return item ? { original: item.label, current: item.label, excluded: false } : undefined;
      },
    };
  }

  async session(reviewer: string): Promise<CleanupSession> {
    const { db, problem, backedUpTo } = await openCleanupSessionDocument(this.project.projectDir);
    return {
      policy: db.data.policy,
      savedAt: db.data.savedAt,
      reviewer,
      warnings: problem ? [`The cleanup session file ${problem}. It was kept as ${backedUpTo}.`] : [],
    };
  }

  async savePolicy(policy: CleanupPolicy, reviewer: string): Promise<CleanupSession> {
    if (policy.splits.includes('train')) {
      const oof = await readOutOfFold(this.project.projectDir);
      const frozen = (await (await SplitService.of(this.project)).state()).current;
      if (!oof || !frozen || oof.record.splitVersion !== frozen.version)
        throw new ApiFailure(
          'invalid_input',
          oof
            ? `${TRAIN_NEEDS_KFOLD} (The out-of-fold probabilities on record are for split v${oof.record.splitVersion}.)`
            : TRAIN_NEEDS_KFOLD,
        );
    }
    if (policy.runId) await this.rankingRun(policy.runId);
    const { db } = await openCleanupSessionDocument(this.project.projectDir);
    await db.update((data) => {
      data.policy = policy;
      data.savedAt = new Date().toISOString();
    });
    return this.session(reviewer);
  }

  private async policy(): Promise<CleanupPolicy> {
    return (await openCleanupSessionDocument(this.project.projectDir)).db.data.policy;
  }

  /** The run that ranks: the one named, else the newest completed run with predictions; null when none. */
  private async rankingRun(runId: string | null): Promise<RunRecord | null> {
    const store = new RunStore(this.project.projectDir);
    if (runId) {
      const record = await store.get(runId);
      if (record.status !== 'completed' || !record.files)
        throw new ApiFailure(
          'not_found',
          `Run ${runId} is ${record.status}: it has no predictions to rank with.`,
        );
      return record;
    }
    const runs = await store.list();
    return (
      runs
        .filter((run) => run.status === 'completed' && run.files)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null
    );
  }

  private async splitOf(): Promise<(item: Item) => Split | null> {
    return (await (await SplitService.of(this.project)).splitLookup()) ?? ((item: Item) => item.split);
  }

  /** The review queue under the session policy (see CleanupQueue in shared/cleanup/cleanup-schemas.ts). */
  async queue(): Promise<CleanupQueue> {
    const policy = await this.policy();
    const labels = await this.currentLabels();
    const splitOf = await this.splitOf();
    const notes: string[] = [];
    for (const problem of [...labels.log.problems, ...labels.replay.problems])
      notes.push(`Fix log line ${problem.line}: ${problem.message}.`);
    const policySplits = policy.splits.filter((split) => split !== 'train');
    const oof = policy.splits.includes('train') ? await this.usableOutOfFold(notes) : null;
    // error analysis's blackbox part of dev is never shown: it stays out of the queue (and its ranking)
    const hidden = await blackboxGuard(this.project);
    const blackbox = new Set<string>();
    const shown = (itemId: string) => {
      if (hidden(itemId) === null) return true;
      blackbox.add(itemId);
      return false;
    };

    let run: RunRecord | null = null;
    try {
      run = await this.rankingRun(policy.runId);
    } catch (error) {
      notes.push(error instanceof Error ? error.message : String(error));
    }
    const queueItems: QueueItem[] = [];
    let estimates: CleanupQueue['estimates'] = [];
    let predictions: RunPredictions | null = null;
    const rankedLists: { ranked: RankedItem[]; source: RunPredictions }[] = [];
    if (run) {
      predictions = await runPredictions(this.project, run.id);
      if (!predictions.confidenceKnown)
        notes.push(
          `Run ${run.id} has no probabilities (a predictions CSV without p_ columns): its ranking only separates right from wrong.`,
        );
      const ranked = this.rank(predictions, policySplits, policy, splitOf, shown);
      estimates = ranked.estimates;
      rankedLists.push({ ranked: ranked.items, source: predictions });
    } else if (policySplits.length > 0) {
      notes.push(
        'No completed model run: train one (Train screen, `ceiling train`) or import predictions to rank suspects.',
      );
    }
    if (oof) {
      const ranked = this.rank(oof, ['train'], policy, splitOf, shown);
      estimates = [...estimates, ...ranked.estimates];
      rankedLists.push({ ranked: ranked.items, source: oof });
    }
    // dev, test (the run) and train (out-of-fold) interleaved by rank
    const splitOrder = (split: CleanupSplit) => CLEANUP_SPLITS.indexOf(split);
    const merged = rankedLists
      .flatMap(({ ranked, source }) => ranked.map((entry) => ({ entry, source })))
      .sort((a, b) => a.entry.rank - b.entry.rank || splitOrder(a.entry.split) - splitOrder(b.entry.split));
    for (const { entry, source } of merged) {
      const { classes } = source.predictions;
      queueItems.push(
        this.queueItem(entry.itemId, entry.split, labels, source, {
          scoredLabel: classes[entry.scoredLabel] ?? null,
          suggestedLabel: classes[entry.suggestedLabel] ?? null,
          score: entry.score,
          rank: entry.rank,
          isLabelIssue: entry.isLabelIssue,
        }),
      );
    }

    const analystItems: QueueItem[] = [];
    for (const suspect of await analystSuspects(this.project, this.classes())) {
      const item = this.itemById(suspect.itemId);
      const split = item ? splitOf(item) : null;
      if (!item || !split || !(policy.splits as string[]).includes(split) || !shown(suspect.itemId)) continue;
      const existing = queueItems.findIndex((entry) => entry.itemId === suspect.itemId);
      const base =
        existing >= 0
          ? queueItems.splice(existing, 1)[0]!
          : this.queueItem(
              suspect.itemId,
              split as CleanupSplit,
              labels,
              split === 'train' ? oof : predictions,
              null,
            );
      analystItems.push({
        ...base,
        sources: existing >= 0 ? ['analyst', 'model'] : ['analyst'],
        analystLabel: suspect.correctedLabel,
        suggestedLabel: suspect.correctedLabel ?? base.suggestedLabel,
      });
    }
    analystItems.sort((a, b) => (a.score ?? 2) - (b.score ?? 2));
    if (blackbox.size > 0)
      notes.push(
        `${blackbox.size} dev item${blackbox.size === 1 ? ' is' : 's are'} in error analysis's blackbox part of dev: left out of this queue and its ranking, since their images are never shown (turn the eyeball / blackbox split off in the Ceiling tab to review them).`,
      );
    const items = [...analystItems, ...queueItems];
    const coverage = this.coverageOf(items, policy, labels, splitOf);
    return {
      policy,
      runId: run?.id ?? null,
      runRevision: run?.labelFixRevision ?? null,
      revision: labels.revision,
      classes: this.classes(),
      items,
      estimates,
      coverage,
      warning: coverageWarning(coverage),
      notes,
    };
  }

  /** One ranking source (a run, or the out-of-fold table) ranked over the items of `splits`. */
  private rank(
    source: RunPredictions,
    splits: CleanupSplit[],
    policy: CleanupPolicy,
    splitOf: (item: Item) => Split | null,
    shown: (itemId: string) => boolean,
  ) {
    const { ids, labels: scoredLabels, probabilities, classes } = source.predictions;
    const c = classes.length;
    const candidates: ScoredCandidate[] = [];
    ids.forEach((id, row) => {
      const item = this.itemById(id);
      const split = item ? splitOf(item) : null;
      if (!item || !split || !(splits as string[]).includes(split) || !shown(id)) return;
      candidates.push({
        itemId: id,
        split: split as CleanupSplit,
        label: scoredLabels[row]!,
        probabilities: probabilities.subarray(row * c, (row + 1) * c),
      });
    });
    return rankPolicyItems(candidates, classes, { ...policy, splits });
  }

  /** The out-of-fold table for train when it fits the frozen split (else a note says why not). */
  private async usableOutOfFold(notes: string[]): Promise<RunPredictions | null> {
    const oof = await readOutOfFold(this.project.projectDir);
    const frozen = (await (await SplitService.of(this.project)).state()).current;
    if (!oof || !frozen || oof.record.splitVersion !== frozen.version) {
      notes.push(TRAIN_NEEDS_KFOLD);
      return null;
    }
    const labels = await this.currentLabels();
    if (oof.record.revision !== labels.revision)
      notes.push(
        `Train is ranked with out-of-fold probabilities computed at label revision ${oof.record.revision} (now ${labels.revision}); run k-fold training again to rank the corrected labels.`,
      );
    return {
      runId: 'out-of-fold',
      predictions: oof.predictions,
      confidenceKnown: true,
      rowOf: new Map(oof.predictions.ids.map((id, row) => [id, row])),
    };
  }

  private crossValidating = false;

  /** k-fold training for out-of-fold train probabilities (out-of-fold.ts); one at a time. */
  async crossValidate(
    request: OutOfFoldRequest,
    stillOpen: () => boolean,
    onProgress?: OutOfFoldProgress,
  ): Promise<OutOfFold> {
    if (this.crossValidating) throw new ApiFailure('busy', 'k-fold training is already running.');
    this.crossValidating = true;
    try {
      return await computeOutOfFold(this.project, await this.currentLabels(), request, stillOpen, onProgress);
    } finally {
      this.crossValidating = false;
    }
  }

  async outOfFold(): Promise<OutOfFold | null> {
    return (await readOutOfFold(this.project.projectDir))?.record ?? null;
  }

  private queueItem(
    itemId: string,
    split: CleanupSplit,
    labels: CurrentLabels,
    predictions: RunPredictions | null,
    ranked: Pick<QueueItem, 'scoredLabel' | 'suggestedLabel' | 'score' | 'rank' | 'isLabelIssue'> | null,
  ): QueueItem {
    const item = this.itemById(itemId)!;
    const label = labels.labelOf(itemId)!;
    const state = labels.replay.items.get(itemId);
    let top: QueueItem['top'] = [];
    const row = predictions?.rowOf.get(itemId);
    if (predictions && row !== undefined && predictions.confidenceKnown) {
      const { classes, probabilities } = predictions.predictions;
      const c = classes.length;
      top = classes
        .map((name, k) => ({ label: name, probability: probabilities[row * c + k]! }))
        .sort((a, b) => b.probability - a.probability)
        .slice(0, 3);
    }
    return {
      itemId,
      split,
      relativePath: item.path,
      givenLabel: label.current,
      originalLabel: label.original,
      scoredLabel: ranked?.scoredLabel ?? null,
      suggestedLabel: ranked?.suggestedLabel ?? null,
      score: ranked?.score ?? null,
      rank: ranked?.rank ?? null,
      isLabelIssue: ranked?.isLabelIssue ?? false,
      top,
      sources: ['model'],
      analystLabel: null,
      review: state?.review ?? 'pending',
      reviewSeq: state?.seq ?? null,
    };
  }

  private coverageOf(
    items: readonly QueueItem[],
    policy: CleanupPolicy,
    labels: CurrentLabels,
    splitOf: (item: Item) => Split | null,
  ): Coverage {
    const empty = (split: CleanupSplit): SplitCoverage => ({
      inPolicy: 0,
      reviewed: 0,
      fixed: 0,
      kept: 0,
      ambiguous: 0,
      excluded: 0,
      decidedAnywhere: 0,
      covered: policy.splits.includes(split),
    });
    const coverage: Coverage = { dev: empty('dev'), test: empty('test'), train: empty('train') };
    for (const entry of items) {
      const split = coverage[entry.split];
      split.inPolicy++;
      if (entry.review === 'pending') continue;
      split.reviewed++;
      if (entry.review === 'relabel') split.fixed++;
      else if (entry.review === 'keep') split.kept++;
      else if (entry.review === 'ambiguous') split.ambiguous++;
      else split.excluded++;
    }
    for (const [itemId, state] of labels.replay.items) {
      if (state.review === 'pending') continue;
      const item = this.itemById(itemId);
      const split = item ? splitOf(item) : null;
      if (split && (CLEANUP_SPLITS as readonly string[]).includes(split))
        coverage[split as CleanupSplit].decidedAnywhere++;
    }
    return coverage;
  }

  async coverage(): Promise<CoverageReport> {
    const queue = await this.queue();
    return {
      policy: queue.policy,
      coverage: queue.coverage,
      warning: queue.warning,
      revision: queue.revision,
    };
  }

  /** The coverage warning, or null; never throws (training must not fail because the queue cannot be built). */
  async warningOrNull(): Promise<string | null> {
    try {
      return (await this.coverage()).warning;
    } catch {
      return null;
    }
  }

  async decide(
    input: {
      itemId: string;
      decision: ReviewDecision;
      newLabel?: string | undefined;
      reason?: string | undefined;
      source?: SuspicionSource | undefined;
      runId?: string | null | undefined;
    },
    reviewer: string,
  ) {
    const item = this.itemById(input.itemId);
    if (!item) throw new ApiFailure('not_found', `No item with id ${input.itemId}.`);
    const split = (await this.splitOf())(item);
    const classes = this.classes();
    const runId =
      input.runId === undefined ? ((await this.policy()).runId ?? (await this.latestRunId())) : input.runId;
    const { entry, log } = await this.log.append((log) => {
      const labels = this.labelsFrom(log);
      const current = labels.labelOf(input.itemId)!;
      const problem = checkDecision({ label: current.current }, input.decision, input.newLabel, classes);
      if (problem) throw new ApiFailure('invalid_input', problem);
      return {
        seq: (log.entries.at(-1)?.seq ?? 0) + 1,
        itemId: input.itemId,
        decision: input.decision,
        oldLabel: current.current,
        newLabel: input.decision === 'relabel' ? input.newLabel! : current.current,
        reason: input.reason?.trim() ? input.reason.trim() : null,
        reviewer,
        time: new Date().toISOString(),
        runId: input.source === 'analyst' || input.source === 'manual' ? (input.runId ?? null) : runId,
        source: input.source ?? 'model',
        split,
        undoes: null,
      };
    });
    return this.decisionResult(entry, log);
  }

  private async latestRunId(): Promise<string | null> {
    return (await this.rankingRun(null).catch(() => null))?.id ?? null;
  }

  async undo(seq: number, reviewer: string) {
    const { entry, log } = await this.log.append((log) => {
      const labels = this.labelsFrom(log);
      const checked = checkUndo(log.entries, labels.replay, seq);
      if (checked.problem !== null) throw new ApiFailure('invalid_input', checked.problem);
      const undone = checked.entry;
      const state = labels.replay.items.get(undone.itemId)!;
      // the label before the undone entry: the original, changed by the relabels still in force under it
      const restored = state.stack
        .slice(0, -1)
        .reduce((label, e) => (e.decision === 'relabel' ? e.newLabel : label), state.originalLabel);
      return {
        seq: (log.entries.at(-1)?.seq ?? 0) + 1,
        itemId: undone.itemId,
        decision: 'undo' as const,
        oldLabel: state.label,
        newLabel: restored,
        reason: `undo of entry ${seq}`,
        reviewer,
        time: new Date().toISOString(),
        runId: undone.runId,
        source: undone.source,
        split: undone.split,
        undoes: seq,
      };
    });
    return this.decisionResult(entry, log);
  }

  private decisionResult(entry: FixLogEntry, log: FixLog) {
    const labels = this.labelsFrom(log);
    const state = labels.replay.items.get(entry.itemId);
    return {
      entry,
      revision: log.revision,
      currentLabel: labels.labelOf(entry.itemId)!.current,
      review: state?.review ?? 'pending',
    };
  }

  /** The systematic (given → corrected) pair among the effective relabels, and every item still given `from`. */
  async systematic(): Promise<{ pair: SystematicConfusion | null; itemIds: string[] }> {
    const labels = await this.currentLabels();
    const fixes = [...labels.replay.items.values()]
      .filter((state) => state.label !== state.originalLabel)
      .map((state) => ({ seq: state.stack.at(-1)?.seq ?? 0, from: state.originalLabel, to: state.label }))
      .sort((a, b) => a.seq - b.seq);
    const pair = findSystematicConfusion(fixes);
    if (!pair) return { pair, itemIds: [] };
    const policy = await this.policy();
    const splitOf = await this.splitOf();
    const itemIds = this.items()
      .filter((item) => {
        const split = splitOf(item);
        const label = labels.labelOf(item.id)!;
        return (
          split !== null &&
          (policy.splits as string[]).includes(split) &&
          label.current === pair.from &&
          !label.excluded
        );
      })
      .map((item) => item.id);
    return { pair, itemIds };
  }
}
