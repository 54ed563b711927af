import { z } from 'zod';
import { OpenProjectInputSchema, ProjectSummarySchema, RecentProjectSchema } from '../project';
import { defineCall, NoInput } from './define-call';

export const projectCalls = {
  'project.open': defineCall(
    OpenProjectInputSchema,
    ProjectSummarySchema,
    'Open (or create) the project of a dataset.',
  ),
  'project.current': defineCall(NoInput, ProjectSummarySchema.nullable(), 'The open project, if any.'),
  'project.close': defineCall(
    NoInput,
    z.object({ closed: z.boolean() }),
    'Close the open project and release its lock.',
  ),
  'project.recent': defineCall(
    NoInput,
    z.array(RecentProjectSchema),
    'Recently opened projects, newest first.',
  ),
} as const;
