// Citation syntax in a draft: what a key may hold, the `@key`s in a run of text, the LaTeX cite commands.

export const KEY_WORD = /^[\p{L}\p{N}_]$/u;
export const KEY_INNER = ':.#$%&+?<>~/-';

/**
 * The `@key`s in `s` (a key starts and ends with a letter, digit or `_`; inside it may also hold `:.#$%&+?<>~/-`),
 * with each key's offset plus `base`. Linear: `@` cannot occur inside a key, so the runs scanned are disjoint.
 */
export function keysIn(s: string, base: number): { key: string; start: number }[] {
  const out: { key: string; start: number }[] = [];
  let at = s.indexOf('@');
  while (at >= 0) {
    let i = at + 1;
    let wordEnd = -1;
    while (i < s.length) {
      const w = (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      const ch = s.slice(i, i + w);
      if (KEY_WORD.test(ch)) {
        i += w;
        wordEnd = i;
      } else if (wordEnd > 0 && KEY_INNER.includes(ch)) i += w;
      else break;
    }
    if (wordEnd > 0) out.push({ key: s.slice(at + 1, wordEnd), start: base + at + 1 });
    at = s.indexOf('@', wordEnd > 0 ? wordEnd : at + 1);
  }
  return out;
}

export const LATEX_CITES = new Set(['cite', 'citep', 'citet', 'parencite', 'textcite', 'autocite', 'footcite']);
