import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateCorpus, generateDraft } from '../../bench/corpus';
import { connectArchive } from '../../src/archive/postgres/connect';
import { loadFolders } from '../../src/archive/postgres/ingest';
import { initSchema } from '../../src/archive/postgres/schema';
import { main } from '../../src/cli/main';
import type { JsonReport } from '../../src/core';
import { freshDatabase, tempDir } from './helpers';

const root = resolve(__dirname, '..', '..');
const seeds = join(root, 'seeds');
const example = join(root, 'examples', 'ai-pause-draft.md');

/** `corroborate check` in this process, with its JSON report. */
async function check(args: string[]): Promise<{ code: number; report: JsonReport; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['check', ...args, '--format', 'json', '--no-config', '--fail-on', 'never'], (s) => void (out += s), (s) => void (err += s));
  assert.equal(code, 0, err);
  return { code, report: JSON.parse(out) as JsonReport, err };
}

/** What a writer sees per sentence: status, and per source its key, file, quote, range and score; and the findings. */
function reading(r: JsonReport) {
  return r.files.map((f) => ({ sentences: f.sentences, findings: f.findings }));
}

async function archiveOf(dirs: string[]): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await freshDatabase();
  const client = await connectArchive(db.url);
  try {
    await initSchema(client);
    await loadFolders(client, dirs);
  } finally {
    await client.end();
  }
  return db;
}

describe('the archive gives the in-memory report', () => {
  const dbs: { drop: () => Promise<void> }[] = [];
  after(async () => {
    for (const d of dbs.splice(0)) await d.drop();
  });

  it('for the seed eval cases and the example draft, against the seeds', async () => {
    const db = await archiveOf([seeds]);
    dbs.push(db);
    const dir = tempDir('corroborate-equivalence-');
    const cases = (JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'seed-cases.json'), 'utf8')) as { cases: { sentence: string }[] }).cases;
    const draft = join(dir, 'seed-cases.md');
    writeFileSync(draft, cases.map((c) => c.sentence).join('\n\n') + '\n'); // as scripts/eval.mjs writes it
    for (const file of [draft, example]) {
      const memory = await check([file, '--sources', seeds]);
      const archive = await check([file, '--db', db.url]);
      assert.deepEqual(reading(archive.report), reading(memory.report));
      assert.deepEqual(archive.report.sources, memory.report.sources);
      // The comparison has teeth: the drafts have sentences of every kind, quoted from several sources.
      const statuses = new Set(memory.report.files[0].sentences.map((s) => s.status));
      assert.ok(statuses.has('corroborated') && statuses.has('contradicted'), [...statuses].join(' '));
    }
  });

  it('for the example draft and a generated draft, against the seeds and 2,000 generated articles', async function () {
    this.timeout(600_000);
    const dir = tempDir('corroborate-equivalence-2000-');
    const gen = join(dir, 'generated');
    mkdirSync(gen);
    const corpus = generateCorpus(2000, 1);
    for (const f of corpus.files) writeFileSync(join(gen, f.path), f.text);
    const drafted = join(dir, 'generated-draft.md');
    writeFileSync(drafted, generateDraft(corpus, 600).text);
    const db = await archiveOf([seeds, gen]);
    dbs.push(db);
    for (const file of [example, drafted]) {
      const memory = await check([file, '--sources', seeds, '--sources', gen]);
      const archive = await check([file, '--db', db.url]);
      assert.equal(archive.report.sources.length, 2005);
      assert.deepEqual(reading(archive.report), reading(memory.report));
      assert.ok(memory.report.files[0].sentences.some((s) => s.support.length > 0));
    }
  });
});
