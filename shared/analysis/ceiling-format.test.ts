import { describe, expect, it } from 'vitest';
import { ceilingTable } from '../ceiling/ceiling-table';
import { ceilingMarkdown } from './ceiling-format';

describe('ceilingMarkdown', () => {
  it('writes the table sorted by gain with intervals, escaped names and the notes', () => {
    const table = ceilingTable({
      devErrorPercent: 10,
      sampledErrors: 100,
      categories: [
        { id: 'a', name: 'Rare | odd', count: 7 },
        { id: 'b', name: 'Blurry', count: 38 },
      ],
      untagged: 55,
    });
    const markdown = ceilingMarkdown(
      {
        sampleId: '20261204-221503-a1b2c3',
        runId: '20261204-101010-abcdef',
        seed: 42,
        devErrorPercent: 10,
        errorsInPool: 100,
        sampleSize: 100,
        tagged: 45,
        colours: {},
        table,
      },
      '2026-12-04T22:00:00.000Z',
    );
    const lines = markdown.split('\n');
    expect(lines[0]).toContain('sample `20261204-221503-a1b2c3` (seed 42)');
    expect(lines[2]).toBe('| Category | Count | Share | 95% CI | Ceiling | Ceiling 95% CI | Gain |');
    expect(lines[4]).toMatch(
      /^\| Blurry \| 38 \| 38\.0% \| 29\.\d%–47\.\d% \| 6\.2% \| 5\.\d%–7\.\d% \| 3\.8 pts \|$/,
    );
    expect(lines[5]).toMatch(/^\| Rare \\\| odd \| 7 \|/);
    expect(lines[6]).toMatch(/^\| _untagged_ \| 55 \|/);
    expect(markdown).toContain('- 55 of 100 sampled errors are not tagged yet');
  });
});
