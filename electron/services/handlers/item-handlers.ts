import type { itemCalls } from '../../../shared/calls/item-calls';
import { ApiFailure } from '../../../shared/result';
import type { CeilingApp } from '../ceiling-app';
import type { HandlersOf } from '../router';

export function itemHandlers(app: CeilingApp): HandlersOf<typeof itemCalls> {
  return {
    'items.query': async ({ filter, offset, limit }) => {
      const index = app.requireProject().index;
      return index ? index.query(filter, offset, limit) : { total: 0, offset, items: [] };
    },
    'items.facets': async () => {
      const index = app.requireProject().index;
      return index ? index.facets() : { total: 0, labels: [], sources: [], splits: [] };
    },
    'items.get': async ({ id }) => {
      const item = app.requireProject().index?.get(id);
      if (!item) throw new ApiFailure('not_found', `No item with id ${id}.`);
      return item;
    },
  };
}
