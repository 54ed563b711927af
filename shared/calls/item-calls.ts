import { z } from 'zod';
import { FacetsSchema, ItemIdSchema, ItemPageSchema, ItemQuerySchema, ItemSchema } from '../items';
import { defineCall, NoInput } from './define-call';

export const itemCalls = {
  'items.query': defineCall(
    ItemQuerySchema,
    ItemPageSchema,
    'A page of items matching a filter, in path order.',
  ),
  'items.facets': defineCall(NoInput, FacetsSchema, 'Item counts per label, source and split.'),
  'items.get': defineCall(z.object({ id: ItemIdSchema }), ItemSchema, 'One item with all its fields.'),
} as const;
