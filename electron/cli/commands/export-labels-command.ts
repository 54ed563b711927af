import { call, CliError, COMMON_OPTIONS, parse, printJson, withProject, type Command } from '../cli-support';

const usage = `ceiling export-labels <dataset> --out FILE [--log FILE] [--json]

Write the corrected manifest: one row per item, columns path,label,source,split,id,original_label,
excluded,decision,fix_seq. label is the current label (imported label + the fix log); an excluded item
keeps its row with an empty split (in no split). Placed in the dataset folder it re-imports as a
manifest (extra columns are ignored). --log also writes the fix log as CSV. When dev was reviewed under
a policy test was not, the warning is printed and written next to each file as <file>.WARNING.txt.

  --out <file>    the corrected manifest CSV
  --log <file>    the fix log CSV (seq,time,item_id,path,split,decision,old_label,new_label,reason,
                  reviewer,run_id,source,undoes)
  --json          print what was written as JSON`;

const OPTIONS = { ...COMMON_OPTIONS, out: { type: 'string' }, log: { type: 'string' } } as const;

export const exportLabelsCommand: Command = {
  name: 'export-labels',
  summary: 'write the corrected manifest (and the fix log) as CSV',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, OPTIONS);
    const dataset = positionals[0];
    if (!dataset) throw new CliError(`Give the dataset.\n\n${usage}`);
    if (!values.out) throw new CliError(`Give --out FILE.\n\n${usage}`);
    const written = await withProject(dataset, values['project-dir'], async (app) => {
      const labels = await call(app, 'cleanup.export', { kind: 'labels', path: values.out });
      const log = values.log ? await call(app, 'cleanup.export', { kind: 'log', path: values.log }) : null;
      return { labels, log };
    });
    if (values.json) return printJson(written);
    const { labels, log } = written;
    console.log(`Wrote ${labels.rows} items at label revision ${labels.revision} to ${labels.path}`);
    if (log) console.log(`Wrote ${log.rows} log entries to ${log.path}`);
    if (labels.warning) console.error(`WARNING: ${labels.warning}\n(also in ${labels.warningPath})`);
  },
};
