import wordfreqData from '../../../data/wordfreq.json';
import { packedOf, packWordfreq } from './packedData';

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
  // The bundles read the packed table (dist/data/wordfreq.bin, see packedData.ts); the JSON is packed on first use.
  const p = packedOf(wordfreqData, (file: WordfreqFile) => packWordfreq(file));
  const bits = new Map<string, number>();
  for (let i = 0; i < p.stems.length; i++) bits.set(p.stems[i], p.bits[i]);
  return (table = { bits, unknown: p.unknown });
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
