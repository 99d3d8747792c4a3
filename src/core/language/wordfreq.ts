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

// The bundle carries the file as text (see esbuild.mjs); tests and tools importing it directly get the object.
const data = (typeof wordfreqData === 'string' ? JSON.parse(wordfreqData) : wordfreqData) as unknown as WordfreqFile;
const bits = new Map<string, number>(Object.entries(data.bits));

/** Bits of information of a stem in general English (higher: rarer). Numbers count as unknown words. */
export function bitsOf(stem: string): number {
  return bits.get(stem) ?? data.unknown;
}

/** The bits of the rarest word the list knows, plus one: what an unknown word gets. */
export const UNKNOWN_BITS = data.unknown;
