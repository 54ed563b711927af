import type { SavedDecomposition } from '../../../shared/calls/decomposition-calls';
import { decompose } from '../../../shared/decomposition/decompose';
import { decompositionCsv } from '../../../shared/decomposition/decomposition-csv';
import type { DecompositionInput, ErrorsSource } from '../../../shared/decomposition/decomposition-input';
import { decompositionMarkdown } from '../../../shared/decomposition/decomposition-markdown';
import { writeExport, type ExportScope } from '../exports/write-export';
import { openDecompositionDocument, type DecompositionDocument } from './decomposition-document';

/**
 * The error decomposition of one project: read, save and export. The document is opened per call (it
 * is a few hundred bytes, and the project lock makes this process its only writer), so nothing has to
 * be closed with the project. The arithmetic is shared/decomposition's, the same the screen runs live.
 */

function inputOf(document: DecompositionDocument): DecompositionInput {
  return { humanLevels: document.humanLevels, errors: document.errors };
}

function present(document: DecompositionDocument, warnings: string[]): SavedDecomposition {
  const input = inputOf(document);
  return {
    input,
    errorsSource: document.errorsSource,
    savedAt: document.savedAt,
    result: decompose(input),
    warnings,
  };
}

function warningsOf(problem: string | null, backedUpTo: string | null): string[] {
  return problem
    ? [`The decomposition file ${problem}. It was kept as ${backedUpTo}; start again here.`]
    : [];
}

export async function loadDecomposition(projectDir: string): Promise<SavedDecomposition> {
  const { db, problem, backedUpTo } = await openDecompositionDocument(projectDir);
  return present(db.data, warningsOf(problem, backedUpTo));
}

/** The input on the wire: the errors may name the model run they came from. */
export type SourcedInput = DecompositionInput & { errorsSource?: ErrorsSource | undefined };

/**
 * Save validated input (the contract's schema has checked it); labels are stored trimmed. The errors'
 * source is `input.errorsSource`, `manual` when not given.
 */
export async function saveDecomposition(
  projectDir: string,
  input: SourcedInput,
): Promise<SavedDecomposition> {
  const { db, problem, backedUpTo } = await openDecompositionDocument(projectDir);
  await db.update((data) => {
    data.humanLevels = input.humanLevels.map((entry) => ({
      label: entry.label.trim(),
      errorPercent: entry.errorPercent,
    }));
    data.errors = { ...input.errors };
    data.errorsSource = input.errorsSource ?? 'manual';
    data.savedAt = new Date().toISOString();
  });
  return present(db.data, warningsOf(problem, backedUpTo));
}

function exportFileName(now = new Date()): string {
  return `error-decomposition-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}

/**
 * Write the decomposition as CSV (formula-injection-safe, atomic) and return its path with the same
 * table as Markdown. Without `input`, the saved values are exported.
 */
export async function exportDecomposition(
  projectDir: string,
  input: SourcedInput | undefined,
  target: string | undefined,
  scope: ExportScope,
): Promise<{ path: string; markdown: string }> {
  const { db } = await openDecompositionDocument(projectDir);
  const chosen = input ? { humanLevels: input.humanLevels, errors: input.errors } : inputOf(db.data);
  const errorsSource = input ? (input.errorsSource ?? 'manual') : db.data.errorsSource;
  const result = decompose(chosen);
  const path = await writeExport(
    projectDir,
    exportFileName(),
    decompositionCsv(chosen, result, errorsSource),
    target,
    scope,
  );
  return { path, markdown: decompositionMarkdown(chosen, result, errorsSource) };
}
