// Citation syntax in a draft: what a key may hold, the `@key`s in a run of text, the LaTeX cite commands.

/** The characters a key starts and ends with (a character class body): letters, digits, `_`. */
export const KEY_WORD_CHARS = '\\p{L}\\p{N}_';
/** The characters a key may also hold inside it (safe in a character class body as written). */
export const KEY_INNER = ':.#$%&+?<>~/-';
export const KEY_WORD = new RegExp(`^[${KEY_WORD_CHARS}]$`, 'u');
/** A whole key as a manifest or front matter may give it: starts with a word character. */
export const KEY_PATTERN = new RegExp(`^[${KEY_WORD_CHARS}][${KEY_WORD_CHARS}${KEY_INNER}]*$`, 'u');

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

const PANDOC_TYPED = new RegExp(`\\[[^\\]\\n]*@([${KEY_WORD_CHARS}${KEY_INNER}]*)$`, 'u');
const LATEX_TYPED = new RegExp(`\\\\(?:${[...LATEX_CITES].join('|')})\\*?(?:\\[[^\\]\\n]*\\]){0,2}\\{(?:[^}\\n]*,)?\\s*([^,}\\s]*)$`);

/** What is being typed at the cursor: a citation key prefix inside `[@…` or `\\cite{…`, with its range. */
export function citationContext(linePrefix: string): { typed: string; start: number } | undefined {
  const pandoc = PANDOC_TYPED.exec(linePrefix);
  if (pandoc) return { typed: pandoc[1], start: linePrefix.length - pandoc[1].length };
  const latex = LATEX_TYPED.exec(linePrefix);
  if (latex) return { typed: latex[1], start: linePrefix.length - latex[1].length };
  return undefined;
}
