/**
 * The API contract: every call the UI, the web host and the CLI can make, with its input and output
 * schemas, and every event the services push. The preload, the IPC wiring, the web host and the CLI
 * all read this table; there is no second list of channels anywhere (DESIGN §2).
 */
import { z } from 'zod';
import { BackendInfoSchema } from './backend';
import { ImportProgressSchema, ImportReportSchema } from './import-report';
import { FacetsSchema, ItemIdSchema, ItemPageSchema, ItemQuerySchema, ItemSchema } from './items';
import { OpenProjectInputSchema, ProjectSummarySchema, RecentProjectSchema } from './project';

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) {
  return { input, output, summary };
}

const NoInput = z.object({}).default({});

export const AppInfoSchema = z.object({
  version: z.string(),
  /** How this process was reached: the Electron window, the web host or the CLI. */
  host: z.enum(['electron', 'web', 'cli']),
  backend: BackendInfoSchema,
  node: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const contract = {
  'app.info': call(NoInput, AppInfoSchema, 'Version, host and the TF.js backend that would run.'),
  'project.open': call(
    OpenProjectInputSchema,
    ProjectSummarySchema,
    'Open (or create) the project of a dataset.',
  ),
  'project.current': call(NoInput, ProjectSummarySchema.nullable(), 'The open project, if any.'),
  'project.close': call(
    NoInput,
    z.object({ closed: z.boolean() }),
    'Close the open project and release its lock.',
  ),
  'project.recent': call(NoInput, z.array(RecentProjectSchema), 'Recently opened projects, newest first.'),
  'import.run': call(
    NoInput,
    ImportReportSchema,
    "(Re-)import the project's dataset; streams import.progress.",
  ),
  'import.cancel': call(NoInput, z.object({ cancelled: z.boolean() }), 'Cancel the running import.'),
  'import.report': call(NoInput, ImportReportSchema.nullable(), 'The report of the last finished import.'),
  'items.query': call(ItemQuerySchema, ItemPageSchema, 'A page of items matching a filter, in path order.'),
  'items.facets': call(NoInput, FacetsSchema, 'Item counts per label, source and split.'),
  'items.get': call(z.object({ id: ItemIdSchema }), ItemSchema, 'One item with all its fields.'),
  'system.pickFolder': call(
    z.object({ title: z.string().max(200).optional() }).default({}),
    z.object({ path: z.string().nullable() }),
    'A native folder picker (Electron only).',
  ),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const CALL_NAMES = Object.keys(contract) as CallName[];
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Events the services push to every connected UI (IPC `ceiling:event`, SSE on the web host). */
export const events = {
  'import.progress': ImportProgressSchema,
  'project.changed': ProjectSummarySchema.nullable(),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export interface ApiEvent<E extends EventName = EventName> {
  name: E;
  payload: EventPayload<E>;
}
