import { call, COMMON_OPTIONS, createApp, parse, printJson, type Command } from '../cli-support';

const usage = `ceiling info [dataset] [--project-dir <dir>] [--json]

Print the version and the TF.js backend that would run; with a dataset, its project:
item counts per label, source and split.`;

export const infoCommand: Command = {
  name: 'info',
  summary: 'version, backend and project facts',
  usage,
  async run(args) {
    const { values, positionals } = parse(args, usage, COMMON_OPTIONS);
    const app = await createApp();
    try {
      const info = await call(app, 'app.info', {});
      const dataset = positionals[0];
      const project = dataset
        ? await call(app, 'project.open', { datasetPath: dataset, projectDir: values['project-dir'] })
        : null;
      const facets = project ? await call(app, 'items.facets', {}) : null;
      if (values.json) return printJson({ app: info, project, facets });
      console.log(`Ceiling ${info.version} on Node ${info.node} (${info.platform})`);
      console.log(`TF.js backend: ${info.backend.name} — ${info.backend.reason}`);
      if (info.backend.advice) console.log(`  ${info.backend.advice}`);
      if (project && facets) {
        console.log(`Project ${project.name}: ${project.itemCount} items, state in ${project.projectDir}`);
        if (project.lastImportAt === null) console.log('  Not imported yet: run `ceiling import` on it.');
        const list = (counts: { value: string; count: number }[]) =>
          counts.map((count) => `${count.value || '(none)'} ${count.count}`).join(', ');
        console.log(`  labels:  ${list(facets.labels)}`);
        console.log(`  sources: ${list(facets.sources)}`);
        console.log(`  splits:  ${list(facets.splits)}`);
        for (const warning of project.warnings) console.log(`  warning: ${warning}`);
      }
    } finally {
      await app.closeProject();
    }
  },
};
