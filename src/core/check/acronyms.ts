import type { Token } from '../language/tokens';

/**
 * Acronyms and the names they stand for, read from the words themselves: "NTSB" is "National Transportation Safety
 * Board", "MDOT" is "Maryland Department of Transportation", "FBI" is "Federal Bureau of Investigation" (a linking
 * "of", "and", "for", "the", "on" or "&" may give a letter or not). Nothing is listed: any capitalised run whose
 * initials spell the acronym counts, so a writer's "the FAA" meets a source's "the Federal Aviation Administration"
 * and the other way round.
 */

/** Words that may link a name's capitalised words ("Bureau of Investigation"), giving a letter or not. */
const LINKS = new Set(['of', 'and', 'for', 'the', 'on', '&']);
/** Acronyms are 3 to 6 capitals, with a final "s" for a plural ("NGOs"). */
const ACRONYM = /^[A-Z][A-Z&]{2,5}s?$/;
const MAX_RUN = 10;
/**
 * Three letters at least: two-letter capitals are too often words of their own or stand for something else (a
 * two-word name's initials rarely mean its acronym; "AA" within "Federal Aviation Administration" is not one).
 */
const MIN_LETTERS = 3;

/** The acronym a word is, in capitals without a plural "s", or undefined. */
export function acronymOf(word: string): string | undefined {
  if (!ACRONYM.test(word)) return undefined;
  return word.replace(/s$/, '').replace(/&/g, '');
}

const isCapital = (t: Token | undefined) => !!t && t.kind === 'word' && !t.stop && /^\p{Lu}\p{Ll}/u.test(t.text);
const isLink = (t: Token | undefined) => !!t && LINKS.has(t.lower);

/**
 * The tokens from `i` that spell `acronym` by their initials (a capitalised word for each letter; a linking word
 * may give one or be passed over), as the index after the run, or -1. The run starts and ends on a capitalised word.
 */
function spells(tokens: readonly Token[], i: number, acronym: string): number {
  const go = (j: number, pos: number, steps: number): number => {
    if (pos === acronym.length) return isCapital(tokens[j - 1]) ? j : -1;
    if (j >= tokens.length || steps > MAX_RUN) return -1;
    const t = tokens[j];
    if (isCapital(t) && t.text[0] === acronym[pos]) {
      const end = go(j + 1, pos + 1, steps + 1);
      if (end >= 0) return end;
    }
    if (pos > 0 && isLink(t)) {
      if (t.lower[0].toUpperCase() === acronym[pos]) {
        const end = go(j + 1, pos + 1, steps + 1);
        if (end >= 0) return end;
      }
      return go(j + 1, pos, steps + 1);
    }
    return -1;
  };
  return isCapital(tokens[i]) ? go(i, 0, 0) : -1;
}

/** Where `tokens` spell `acronym` out ("National Transportation Safety Board" for "NTSB"): token indices, or undefined. */
export function expansionIn(tokens: readonly Token[], acronym: string): { from: number; to: number } | undefined {
  if (acronym.length < MIN_LETTERS) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text[0] !== acronym[0]) continue;
    const end = spells(tokens, i, acronym);
    if (end > i + 1) return { from: i, to: end };
  }
  return undefined;
}

/**
 * The acronyms a sentence's capitalised runs could be written as, each with the token indices of the capitalised
 * words it stands for: "the Federal Aviation Administration" gives "FAA" (and "FA", "AA"); "Bureau of
 * Investigation" gives "BI" and "BOI". Stretches of two to six letters.
 */
export function acronymsOfRuns(tokens: readonly Token[]): { acronym: string; words: number[] }[] {
  const out: { acronym: string; words: number[] }[] = [];
  for (let i = 0; i < tokens.length;) {
    if (!isCapital(tokens[i])) {
      i++;
      continue;
    }
    // The run: capitalised words, with linking words between two of them.
    const run: number[] = [i];
    let j = i + 1;
    while (j < tokens.length && run.length < MAX_RUN) {
      if (isCapital(tokens[j])) run.push(j++);
      else if (isLink(tokens[j]) && isCapital(tokens[j + 1])) run.push(j++);
      else break;
    }
    // Every stretch of it from one capitalised word to another ("National Transportation Safety Board" within
    // "National Transportation Safety Board Chair Jennifer Homendy").
    for (let a = 0; a < run.length; a++) {
      if (!isCapital(tokens[run[a]])) continue;
      for (let b = a + 1; b < run.length && b - a < 8; b++) {
        if (!isCapital(tokens[run[b]])) continue;
        const part = run.slice(a, b + 1);
        const words = part.filter((k) => isCapital(tokens[k]));
        const plain = words.map((k) => tokens[k].text[0]).join('');
        const linked = part.map((k) => tokens[k].text[0].toUpperCase()).join('');
        for (const acronym of new Set([plain, linked]))
          if (acronym.length >= MIN_LETTERS && acronym.length <= 6) out.push({ acronym, words });
      }
    }
    i = j;
  }
  return out;
}
