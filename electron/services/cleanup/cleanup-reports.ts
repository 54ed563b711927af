import { unlink } from 'node:fs/promises';
import { beforeAfter } from '../../../shared/cleanup/before-after';
import type { BeforeAfter, RunBeforeAfter } from '../../../shared/cleanup/cleanup-schemas';
import { toCsv } from '../../../shared/csv/to-csv';
import type { Item, Split } from '../../../shared/items';
import { writeExport, type ExportScope } from '../exports/write-export';
import { runPredictions } from '../ml/predictions/run-predictions';
import { RunStore } from '../ml/runs/run-store';
import type { Project } from '../projects/project';
import { SplitService } from '../splits/split-service';
import type { CleanupService } from './cleanup-service';

/** Per completed run (or the one named): error per split under the imported and the current labels. */
export async function beforeAfterReport(
  project: Project,
  cleanup: CleanupService,
  runId?: string,
): Promise<BeforeAfter> {
  const labels = await cleanup.currentLabels();
  const store = new RunStore(project.projectDir);
  const records = runId ? [await store.get(runId)] : await store.list();
  const runs: RunBeforeAfter[] = [];
  for (const record of records) {
    if (record.status !== 'completed' || !record.files) continue;
    const { predictions } = await runPredictions(project, record.id);
    runs.push({
      runId: record.id,
      runRevision: record.labelFixRevision,
      model: record.source && record.source !== 'trained' ? record.source : record.config.model.kind,
      startedAt: record.startedAt,
      splits: beforeAfter(predictions, labels.labelOf),
    });
  }
  return { revision: labels.revision, runs };
}

/**
 * The corrected manifest's columns. `path,label,source,split` are the manifest format (read-manifest.ts):
 * the file re-imports as a manifest when placed in the dataset root (paths are relative to it), and the
 * extra columns are ignored by the import. An excluded item keeps its row (nothing is silently dropped)
 * with an EMPTY split — the manifest's "in no split" — and excluded=true.
 */
export const LABELS_CSV_COLUMNS = [
  'path',
  'label',
  'source',
  'split',
  'id',
  'original_label',
  'excluded',
  'decision',
  'fix_seq',
] as const;

export const LOG_CSV_COLUMNS = [
  'seq',
  'time',
  'item_id',
  'path',
  'split',
  'decision',
  'old_label',
  'new_label',
  'reason',
  'reviewer',
  'run_id',
  'source',
  'undoes',
] as const;

const stamp = (now = new Date()) => now.toISOString().slice(0, 19).replace(/:/g, '-');

export async function exportCleanup(
  project: Project,
  cleanup: CleanupService,
  kind: 'labels' | 'log',
  target: string | undefined,
  scope: ExportScope,
) {
  const labels = await cleanup.currentLabels();
  const items = project.index?.items ?? [];
  let csv: string;
  let rows: number;
  if (kind === 'labels') {
    const splitOf: (item: Item) => Split | null =
      (await (await SplitService.of(project)).splitLookup()) ?? ((item: Item) => item.split);
    const table = items.map((item) => {
      const label = labels.labelOf(item.id)!;
      const state = labels.replay.items.get(item.id);
      return {
        path: item.path,
        label: label.current,
        source: item.source ?? '',
        split: label.excluded ? '' : (splitOf(item) ?? ''),
        id: item.id,
        original_label: label.original,
        excluded: label.excluded ? 'true' : 'false',
        decision: state?.review ?? 'pending',
        fix_seq: state?.seq ?? '',
      };
    });
    csv = toCsv(LABELS_CSV_COLUMNS, table);
    rows = table.length;
  } else {
    const pathOf = new Map(items.map((item) => [item.id, item.path]));
    const table = labels.log.entries.map((entry) => ({
      seq: entry.seq,
      time: entry.time,
      item_id: entry.itemId,
      path: pathOf.get(entry.itemId) ?? '',
      split: entry.split ?? '',
      decision: entry.decision,
      old_label: entry.oldLabel,
      new_label: entry.newLabel,
      reason: entry.reason ?? '',
      reviewer: entry.reviewer,
      run_id: entry.runId ?? '',
      source: entry.source,
      undoes: entry.undoes ?? '',
    }));
    csv = toCsv(LOG_CSV_COLUMNS, table);
    rows = table.length;
  }
  const name =
    kind === 'labels'
      ? `labels-corrected-r${labels.revision}-${stamp()}.csv`
      : `fix-log-r${labels.revision}-${stamp()}.csv`;
  const path = await writeExport(project.projectDir, name, csv, target, scope);
  const warning = await cleanup.warningOrNull();
  const sidecar = `${path}.WARNING.txt`;
  let warningPath: string | null = null;
  if (warning) {
    warningPath = await writeExport(
      project.projectDir,
      name,
      `WARNING (label revision ${labels.revision}, ${new Date().toISOString()}):\n${warning}\n`,
      sidecar,
      scope,
    );
  } else {
    await unlink(sidecar).catch(() => undefined); // a warning from an earlier export no longer applies
  }
  return { path, rows, revision: labels.revision, warning, warningPath };
}
