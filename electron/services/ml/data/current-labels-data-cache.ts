import { CleanupService, type CurrentLabels } from '../../cleanup/cleanup-service';
import type { Project } from '../../projects/project';
import { ensureDataCache, type DataCacheRequest } from './build-data-cache';

/**
 * The data cache of a frozen split at the project's current labels: the imported labels plus the
 * label-fix log (label cleanup), excluded items left out. Training, the LR finder and tuning trials all
 * read their data through here, so every model learns from the same labels and the revision they
 * learnt from is known (it names the cache file and is recorded in each run).
 */
export async function ensureDataCacheAtCurrentLabels(
  project: Project,
  request: Omit<DataCacheRequest, 'projectDir' | 'datasetRoot' | 'labelFixRevision' | 'labelOf'>,
  /** The labels already read by the caller (a run records their revision before it starts). */
  labels?: CurrentLabels,
): Promise<{ path: string; reused: boolean; labelRevision: number }> {
  labels ??= await CleanupService.of(project).currentLabels();
  const cache = await ensureDataCache({
    ...request,
    projectDir: project.projectDir,
    datasetRoot: project.datasetRoot,
    labelFixRevision: labels.revision,
    labelOf: (item) => {
      const label = labels.labelOf(item.id);
      return { label: label?.current ?? item.label, excluded: label?.excluded ?? false };
    },
  });
  return { ...cache, labelRevision: labels.revision };
}
