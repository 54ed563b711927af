import type { CallOutput } from '../../../shared/contract';
import {
  DEFAULT_POLICY,
  type BeforeAfter,
  type CleanupPolicy,
  type CleanupQueue,
  type CleanupSession,
  type CleanupSplit,
  type CoverageReport,
  type CrossValidateProgress,
  type QueueItem,
} from '../../../shared/cleanup/cleanup-schemas';
import type { FixLog, ReviewDecision } from '../../../shared/cleanup/fix-log-schemas';
import { lastUndoable, undoableSeqs } from '../../../shared/cleanup/undoable-entries';
import type { RunSummary } from '../../../shared/training/run-schemas';
import { api, CallError } from '../api/client';

type Systematic = CallOutput<'cleanup.systematic'>;
type OutOfFold = CallOutput<'cleanup.outOfFold'>;
type ExportResult = CallOutput<'cleanup.export'>;
export type CleanupView = 'review' | 'log' | 'before-after';

/** The policy form as typed: both depth fields are kept, so switching kind does not lose a value. */
export interface PolicyDraft {
  splits: CleanupSplit[];
  ranking: CleanupPolicy['ranking'];
  depthKind: 'topK' | 'threshold';
  k: number;
  score: number;
  runId: string | null;
}

function draftOf(policy: CleanupPolicy): PolicyDraft {
  return {
    splits: [...policy.splits],
    ranking: policy.ranking,
    depthKind: policy.depth.kind,
    k: policy.depth.kind === 'topK' ? policy.depth.k : 50,
    score: policy.depth.kind === 'threshold' ? policy.depth.score : 0.5,
    runId: policy.runId,
  };
}

function policyOf(draft: PolicyDraft): CleanupPolicy {
  const order: CleanupSplit[] = ['dev', 'test', 'train'];
  return {
    splits: order.filter((split) => draft.splits.includes(split)),
    ranking: draft.ranking,
    depth:
      draft.depthKind === 'topK'
        ? { kind: 'topK', k: Math.round(draft.k) }
        : { kind: 'threshold', score: draft.score },
    runId: draft.runId,
  };
}

function messageOf(error: unknown): string {
  return error instanceof CallError ? error.message : `Unexpected error: ${(error as Error).message}`;
}

/**
 * The Clean labels screen's state: the session policy (as saved and as typed), the review list and the
 * position in it, and what the side panels show (coverage, the fix log, the systematic pair, before /
 * after, the last exports). Every decision is one `cleanup.decide` call: the log on disk is the truth,
 * the list here only mirrors each item's result so moving through the queue never reloads or reorders it.
 */
class CleanupState {
  loadedFor = $state<string | null>(null);
  loaded = $state(false);
  session = $state<CleanupSession | null>(null);
  draft = $state<PolicyDraft>(draftOf(DEFAULT_POLICY));
  /** Completed runs, newest first (the policy's model run picker). */
  runs = $state<RunSummary[]>([]);
  queue = $state.raw<CleanupQueue | null>(null);
  /** The list being reviewed: the policy's queue, or every item of a systematic pair's given label. */
  items = $state<QueueItem[]>([]);
  /** Set while reviewing a systematic pair's items instead of the policy's queue. */
  systematicFrom = $state<string | null>(null);
  current = $state(0);
  coverage = $state.raw<CoverageReport | null>(null);
  log = $state.raw<FixLog | null>(null);
  systematic = $state.raw<Systematic | null>(null);
  beforeAfter = $state.raw<BeforeAfter | null>(null);
  exports = $state<{ labels: ExportResult | null; log: ExportResult | null }>({ labels: null, log: null });
  view = $state<CleanupView>('review');
  pickerOpen = $state(false);
  helpOpen = $state(false);
  /** A decision or undo is on its way: keys wait, so a fast double press does not decide twice. */
  deciding = $state(false);
  loadingQueue = $state(false);
  savingPolicy = $state(false);
  notice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** The out-of-fold train probabilities on record (null: none), and the k-fold form. */
  outOfFold = $state.raw<OutOfFold>(null);
  kfold = $state({ k: 5, epochs: 5, model: 'mlp' as 'mlp' | 'cnn' });
  crossValidating = $state(false);
  crossValidateStartedAt = $state<number | null>(null);
  crossValidateError = $state<string | null>(null);
  /** Where the running k-fold training is (fold, epoch, batch), from its progress events. */
  crossValidateProgress = $state<CrossValidateProgress | null>(null);
  /** Seqs of the decisions made here, newest last: `u` undoes them in reverse. */
  private undoStack: number[] = [];
  /** Numbers the side-panel refreshes, so an answer overtaken by a newer one is dropped. */
  private sideTicket = 0;

  readonly item = $derived<QueueItem | null>(this.items[this.current] ?? null);
  readonly classes = $derived(this.queue?.classes ?? []);
  readonly policyDirty = $derived(
    this.session !== null && JSON.stringify(policyOf(this.draft)) !== JSON.stringify(this.session.policy),
  );
  readonly policyProblem = $derived.by(() => {
    const d = this.draft;
    if (d.splits.length === 0) return 'Choose at least one split.';
    if (d.depthKind === 'topK' && !(Number.isInteger(d.k) && d.k >= 1))
      return 'Top K: a whole number, 1 or more.';
    if (d.depthKind === 'threshold' && !(d.score >= 0 && d.score <= 1))
      return 'Score threshold: between 0 and 1.';
    return null;
  });
  /** Reviewed / in the list, per split present in the list. */
  readonly progress = $derived.by(() => {
    const rows: { split: CleanupSplit; reviewed: number; total: number }[] = [];
    for (const split of ['dev', 'test', 'train'] as const) {
      const members = this.items.filter((item) => item.split === split);
      if (members.length === 0) continue;
      rows.push({
        split,
        reviewed: members.filter((item) => item.review !== 'pending').length,
        total: members.length,
      });
    }
    return rows;
  });
  readonly warning = $derived(this.coverage?.warning ?? this.queue?.warning ?? null);

  async load(projectDir: string): Promise<void> {
    if (projectDir !== this.loadedFor) {
      this.loadedFor = projectDir;
      this.loaded = false;
      this.queue = null;
      this.items = [];
      this.current = 0;
      this.systematicFrom = null;
      this.exports = { labels: null, log: null };
      this.beforeAfter = null;
      this.undoStack = [];
    }
    this.notice = null; // a message answers an action; coming back to the screen starts quiet
    try {
      const [session, runs] = await Promise.all([
        api.get('cleanup.session.get', {}),
        api.get('runs.list', {}),
      ]);
      this.session = session;
      this.draft = draftOf(session.policy);
      this.runs = runs.filter((run) => run.status === 'completed');
      await Promise.all([this.reloadQueue(), this.refreshSide(), this.loadOutOfFold()]);
    } catch (error) {
      this.fail(error);
    } finally {
      this.loaded = true;
    }
  }

  /** Fetch the queue under the saved policy and start at its first undecided item. */
  async reloadQueue(): Promise<void> {
    this.loadingQueue = true;
    try {
      const queue = await api.get('cleanup.queue', {});
      this.queue = queue;
      this.systematicFrom = null;
      this.items = queue.items;
      const firstPending = queue.items.findIndex((item) => item.review === 'pending');
      this.current = Math.max(0, firstPending);
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingQueue = false;
    }
  }

  /** Coverage, the log and the systematic pair: what changes with every decision. */
  async refreshSide(): Promise<void> {
    const ticket = ++this.sideTicket;
    const [coverage, log, systematic] = await Promise.all([
      api.call('cleanup.coverage', {}),
      api.call('cleanup.log', {}),
      api.call('cleanup.systematic', {}),
    ]);
    if (ticket !== this.sideTicket) return; // a later decision's refresh is on its way: it wins
    if (coverage.ok) this.coverage = coverage.value;
    if (log.ok) this.log = log.value;
    if (systematic.ok) this.systematic = systematic.value;
    const failed = [coverage, log, systematic].find((result) => !result.ok);
    if (failed && !failed.ok) this.notice = { kind: 'error', text: failed.error.message };
    if (this.view === 'before-after') await this.loadBeforeAfter();
  }

  async savePolicy(): Promise<void> {
    if (this.policyProblem) return;
    this.savingPolicy = true;
    try {
      this.session = await api.get('cleanup.session.save', { policy: policyOf(this.draft) });
      this.draft = draftOf(this.session.policy);
      this.notice = { kind: 'ok', text: 'Policy saved: the queue follows it.' };
      await Promise.all([this.reloadQueue(), this.refreshSide()]);
    } catch (error) {
      this.fail(error);
    } finally {
      this.savingPolicy = false;
    }
  }

  async loadOutOfFold(): Promise<void> {
    const result = await api.call('cleanup.outOfFold', {});
    this.outOfFold = result.ok ? result.value : null;
  }

  /**
   * k-fold training on train (in the worker) for out-of-fold probabilities, so the policy may cover
   * train. The call returns when every fold is done: minutes, during which the rest of the screen works.
   */
  async crossValidate(): Promise<void> {
    if (this.crossValidating) return;
    this.crossValidating = true;
    this.crossValidateStartedAt = Date.now();
    this.crossValidateError = null;
    const stopListening = api.on('cleanup.crossValidate.progress', (progress) => {
      this.crossValidateProgress = progress;
    });
    try {
      this.outOfFold = await api.get('cleanup.crossValidate', { ...this.kfold });
      if (this.session?.policy.splits.includes('train')) await this.reloadQueue();
    } catch (error) {
      this.crossValidateError = messageOf(error);
    } finally {
      stopListening();
      this.crossValidating = false;
      this.crossValidateStartedAt = null;
      this.crossValidateProgress = null;
    }
  }

  resetPolicy(): void {
    if (this.session) this.draft = draftOf(this.session.policy);
  }

  async saveReviewer(name: string): Promise<void> {
    try {
      const settings = await api.get('settings.save', { reviewerName: name.trim() === '' ? null : name });
      this.session = await api.get('cleanup.session.get', {});
      this.notice = {
        kind: 'ok',
        text: `Decisions are signed “${this.session.reviewer}”${settings.reviewerName ? '' : ' (the login name)'}.`,
      };
    } catch (error) {
      this.fail(error);
    }
  }

  move(index: number): void {
    if (this.items.length === 0) return;
    this.current = Math.min(this.items.length - 1, Math.max(0, index));
    this.pickerOpen = false;
  }

  /** Enter / `a`: the suggested label. When the item already carries it, that is a keep. */
  async accept(): Promise<void> {
    const item = this.item;
    if (!item) return;
    if (!item.suggestedLabel) {
      this.notice = {
        kind: 'error',
        text: 'No suggestion for this item: press c to pick a class, or k to keep it.',
      };
      return;
    }
    if (item.suggestedLabel === item.givenLabel) return this.decide('keep');
    const fromAnalyst = item.analystLabel !== null && item.suggestedLabel === item.analystLabel;
    await this.decide(
      'relabel',
      item.suggestedLabel,
      fromAnalyst ? 'analyst’s label accepted' : 'suggestion accepted',
    );
  }

  /** A class picked by hand (`c`): relabel, or keep when it is the current label. */
  async pick(label: string): Promise<void> {
    this.pickerOpen = false;
    const item = this.item;
    if (!item) return;
    if (label === item.givenLabel) return this.decide('keep');
    await this.decide('relabel', label, 'class picked by the reviewer');
  }

  async decide(decision: ReviewDecision, newLabel?: string, reason?: string): Promise<void> {
    const item = this.item;
    if (!item) return;
    const index = this.current;
    await this.oneDecisionAtATime(async () => {
      const source = this.sourceOf(item);
      const result = await api.get('cleanup.decide', {
        itemId: item.itemId,
        decision,
        ...(newLabel !== undefined ? { newLabel } : {}),
        ...(reason ? { reason } : {}),
        source,
        runId: source === 'model' ? (this.queue?.runId ?? null) : null,
      });
      this.applyResult(item.itemId, result.currentLabel, result.review, result.entry.seq);
      this.undoStack.push(result.entry.seq);
      this.notice = null;
      this.clearExports(); // the paths answered the export click; the next decision makes them stale
      this.advanceFrom(index);
    });
  }

  /** `u` / Ctrl+Z: undo this screen's last decision (else the log's last undoable entry), and go back to it. */
  async undoLast(): Promise<void> {
    // This screen's newest decision that can still be undone (an undo from the log view may have taken
    // one), else the log's newest undoable entry.
    // A seq newer than the log shown is a decision whose refresh is still on its way: undoable.
    const undoable = this.log ? undoableSeqs(this.log.entries) : null;
    const known = this.log?.entries.at(-1)?.seq ?? 0;
    let seq = [...this.undoStack].reverse().find((s) => undoable === null || s > known || undoable.has(s));
    if (seq === undefined) seq = this.log ? lastUndoable(this.log.entries)?.seq : undefined;
    if (seq === undefined) {
      this.notice = { kind: 'error', text: 'Nothing to undo.' };
      return;
    }
    await this.undo(seq);
  }

  /** Undo one log entry (an undo is a new entry) and show its item. */
  async undo(seq: number): Promise<void> {
    await this.oneDecisionAtATime(async () => {
      const result = await api.get('cleanup.undo', { seq });
      this.undoStack = this.undoStack.filter((s) => s !== seq);
      this.applyResult(result.entry.itemId, result.currentLabel, result.review, null);
      const index = this.items.findIndex((item) => item.itemId === result.entry.itemId);
      if (index >= 0 && this.view === 'review') this.current = index;
      this.notice = {
        kind: 'ok',
        text: `Undone: ${result.entry.oldLabel === result.entry.newLabel ? result.entry.newLabel : `${result.entry.oldLabel} → ${result.entry.newLabel}`} (entry #${result.entry.seq} reverts #${seq}).`,
      };
    });
  }

  /**
   * A decision or an undo: one at a time (`deciding` blocks the next), a failure shown and nothing more;
   * after a success coverage and the log are refreshed, once `deciding` is off so the next key may decide
   * while they catch up: the card never waits for them.
   */
  private async oneDecisionAtATime(work: () => Promise<void>): Promise<void> {
    if (this.deciding) return;
    this.deciding = true;
    try {
      await work();
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.deciding = false;
    }
    await this.refreshSide();
  }

  /**
   * "Review every item labelled X": the systematic pair's items become the list. Items already in the
   * queue keep their scores; the others are fetched with the run's prediction.
   */
  async reviewSystematic(): Promise<void> {
    const pair = this.systematic?.pair;
    if (!pair || !this.systematic) return;
    this.loadingQueue = true;
    try {
      const known: Record<string, QueueItem> = {};
      for (const item of [...(this.queue?.items ?? []), ...this.items]) known[item.itemId] = item;
      const runId = this.queue?.runId ?? null;
      const list: QueueItem[] = [];
      const ids = this.systematic.itemIds;
      for (let start = 0; start < ids.length; start += 16) {
        const batch = await Promise.all(
          ids.slice(start, start + 16).map((id) => known[id] ?? this.fetchItem(id, runId, pair.to)),
        );
        for (const item of batch) if (item) list.push(item);
      }
      this.items = list;
      this.systematicFrom = pair.from;
      this.current = Math.max(
        0,
        list.findIndex((item) => item.review === 'pending'),
      );
      this.view = 'review';
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingQueue = false;
    }
  }

  /** Back from a systematic review to the policy's queue (fetched again: labels changed). */
  async backToQueue(): Promise<void> {
    await this.reloadQueue();
  }

  async loadBeforeAfter(): Promise<void> {
    try {
      this.beforeAfter = await api.get('cleanup.beforeAfter', {});
    } catch (error) {
      this.fail(error);
    }
  }

  clearExports(): void {
    this.exports = { labels: null, log: null };
  }

  async exportCsv(kind: 'labels' | 'log'): Promise<void> {
    try {
      const result = await api.get('cleanup.export', { kind });
      this.exports = { ...this.exports, [kind]: result };
      this.notice = null;
    } catch (error) {
      this.fail(error);
    }
  }

  /** Runs tagged "mislabeled" by an analyst carry the analyst's source; everything else here came from the model. */
  private sourceOf(item: QueueItem): 'model' | 'analyst' | 'manual' {
    if (this.systematicFrom !== null && !item.sources.includes('model')) return 'manual';
    if (item.sources.includes('model')) return 'model';
    if (item.sources.includes('analyst')) return 'analyst';
    return 'manual';
  }

  private applyResult(
    itemId: string,
    currentLabel: string,
    review: QueueItem['review'],
    seq: number | null,
  ): void {
    const item = this.items.find((candidate) => candidate.itemId === itemId);
    if (!item) return;
    item.givenLabel = currentLabel;
    item.review = review;
    item.reviewSeq = review === 'pending' ? null : (seq ?? this.lastSeqOf(itemId));
  }

  private lastSeqOf(itemId: string): number | null {
    const entries = this.log?.entries ?? [];
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.itemId === itemId) return entries[i]!.seq;
    return null;
  }

  /** After a decision: the next undecided item after this one, else the next one, else stay. */
  private advanceFrom(index: number): void {
    const next = this.items.findIndex((item, i) => i > index && item.review === 'pending');
    this.current = next >= 0 ? next : Math.min(index + 1, this.items.length - 1);
  }

  private async fetchItem(id: string, runId: string | null, suggested: string): Promise<QueueItem | null> {
    const [item, prediction] = await Promise.all([
      api.call('items.get', { id }),
      runId ? api.call('items.prediction', { id, run: runId }) : Promise.resolve(null),
    ]);
    if (!item.ok) return null;
    const split = item.value.split;
    if (split !== 'dev' && split !== 'test' && split !== 'train') return null;
    const top = prediction?.ok && prediction.value ? prediction.value.top : [];
    return {
      itemId: id,
      split,
      relativePath: item.value.path,
      givenLabel: item.value.label,
      originalLabel: item.value.originalLabel ?? item.value.label,
      scoredLabel: null,
      suggestedLabel: suggested === item.value.label ? null : suggested,
      score: null,
      rank: null,
      isLabelIssue: false,
      top,
      sources: ['manual'],
      analystLabel: null,
      review: item.value.excluded ? 'exclude' : 'pending',
      reviewSeq: null,
    };
  }

  private fail(error: unknown): void {
    this.notice = { kind: 'error', text: messageOf(error) };
  }
}

export const cleanupState = new CleanupState();
