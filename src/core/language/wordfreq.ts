import wordfreqData from '../../../data/wordfreq.json';

/**
 * General-English word rarity, from SUBTLEX-US counts (scripts/build-wordfreq.mjs): per Porter2 stem, its
 * information content in bits, -log2(count / total). Common words ("say", "people") weigh ~10-14 bits, rare ones
 * ("bridge", "fuselage") 18-24, a word the list does not know (a name, a code) the most.
 */
interface WordfreqFile {
  unknown: number;
  bits: Record<string, number>;
}

let table: { bits: Map<string, number>; unknown: number } | undefined;
function load(): NonNullable<typeof table> {
  if (table) return table;
  // The bundles require the file from dist/data/ (see esbuild.mjs); a bundler that inlines it as text gives a string.
  const raw: unknown = wordfreqData;
  const data = (typeof raw === 'string' ? JSON.parse(raw) : raw) as WordfreqFile;
  return (table = { bits: new Map(Object.entries(data.bits)), unknown: data.unknown });
}

/** Bits of information of a stem in general English (higher: rarer). Numbers count as unknown words. */
export function bitsOf(stem: string): number {
  const t = load();
  return t.bits.get(stem) ?? t.unknown;
}

/**
 * The bits of an unknown word: the rarest entry's, plus one. Fixed by the extract (scripts/build-wordfreq.mjs);
 * a test checks it against the file.
 */
export const UNKNOWN_BITS = 26.6;
