// Developer tool: shows how the engine scores one sentence against the sources.
// Usage: npx tsx scripts/explain.ts "sentence" [sourcesDir]
import { buildIndex, createCorroborate, findingsFor, type PassageRef } from '../src/core';
import { loadSourceFolder } from '../src/node/loadSources';

const [sentence, dir = 'seeds'] = process.argv.slice(2);
void (async () => {
const loaded = await loadSourceFolder(dir);
const index = buildIndex({ files: loaded.files, manifests: loaded.manifestText ? [{ text: loaded.manifestText }] : [] });
const corroborate = createCorroborate({ index });
const doc = corroborate.check(sentence);
for (const s of doc.sentences) {
  console.log(`${s.status}: ${s.text}`);
  for (const r of s.support) console.log(`  + ${r.score.toFixed(2)} [${r.source.key}] ${r.passage.text.slice(0, 150)}`);
  for (const r of s.contradictions) console.log(`  x ${r.score.toFixed(2)} [${r.source.key}] ${r.reason} :: ${r.passage.text.slice(0, 150)}`);
  for (const r of corroborate.rankSources(s.text, 5) as PassageRef[]) console.log(`  ~ ${r.score.toFixed(2)} [${r.source.key}] ${r.passage.text.slice(0, 150)}`);
  for (const f of findingsFor(s)) console.log(`  ! ${f.code}: ${f.message}`);
}
})();
