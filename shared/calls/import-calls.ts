import { z } from 'zod';
import { ImportReportSchema } from '../import-report';
import { defineCall, NoInput } from './define-call';

export const importCalls = {
  'import.run': defineCall(
    NoInput,
    ImportReportSchema,
    "(Re-)import the project's dataset; streams import.progress.",
  ),
  'import.cancel': defineCall(NoInput, z.object({ cancelled: z.boolean() }), 'Cancel the running import.'),
  'import.report': defineCall(
    NoInput,
    ImportReportSchema.nullable(),
    'The report of the last finished import.',
  ),
} as const;
