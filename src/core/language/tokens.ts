import stem from 'wink-porter2-stemmer';
import { isLemma } from './lexicon';
import { foldChars } from '../text/text';

/** One token of a sentence, with its offsets into the document. */
export interface Token {
  /** Surface text, as written. */
  text: string;
  start: number;
  end: number;
  /** Lower-cased, typographically folded. */
  lower: string;
  /** Porter2 stem of `lower` (numbers: their canonical digits). */
  stem: string;
  kind: 'word' | 'number' | 'symbol';
  /** A function word that carries no claim on its own. */
  stop: boolean;
  /** Starts with a capital letter not at the sentence start: likely part of a name. */
  capitalized: boolean;
}

// Function words. General English; deliberately excludes negators and quantifiers that change a claim's meaning.
export const STOPWORDS = new Set(
  ('a an the and or but if then so of to in on at by for from with into onto over under about as than that this these those ' +
    'it its it\'s itself they them their theirs themselves he him his she her hers we us our ours you your i me my mine ' +
    'is are was were be been being am do does did doing done has have had having will would shall should can could may might must ' +
    'which who whom whose what when where why how there here also just very too such same own other another each every ' +
    'both either any some all most much many more less few fewer up down out off again further once only even still yet ' +
    'while during before after above below between through against among per via within upon onto toward towards ' +
    'said says say according told reportedly also s t')
    .split(' '),
);
// Negators are kept as tokens (they are not claim words, but the contradiction rules read them).
export const NEGATORS = new Set(['not', "n't", 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'cannot', 'without']);

/**
 * The token pattern: capitals with dots ("U.S.", "U.K."), numbers, words with an inner apostrophe, currency and
 * percent signs. A capitalised word of two letters or more that ends in digits is the word and the number ("GPT4" as
 * "GPT-4"); "A320", "H1N1" and "GPT4o" stay one word.
 */
export const TOKEN_RE =
  /(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}]+(?=\p{N}+(?![\p{L}\p{M}\p{N}]))|\p{N}+(?:[.,:]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:'[\p{L}]+)?|[$€£¥%]/gu;

/**
 * A word token's lower-case form: capitals with dots lose their dots ("U.S." → "us", "A.M." → "am"; only that
 * alternative of TOKEN_RE ends a word with a dot).
 */
export function wordLower(surface: string): string {
  const lower = surface.toLowerCase();
  return surface.charCodeAt(surface.length - 1) === 46 ? lower.replace(/\./g, '') : lower;
}

/**
 * True for an acronym that must not be read as a stop word though its `lower` is one: capitals with dots ("U.S."),
 * or two to four capitals ("US", "IT", "WHO"); not a negation or a meridiem in capitals ("NOT", "A.M."), which keep
 * their usual reading.
 */
export function isAcronym(surface: string, lower: string): boolean {
  const n = surface.length;
  if (n < 2 || !STOPWORDS.has(lower) || NEGATORS.has(lower) || lower === 'am' || lower === 'pm') return false;
  if (surface.charCodeAt(n - 1) === 46) return true;
  if (n > 4) return false;
  for (let i = 0; i < n; i++) {
    const c = surface.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

const IRREGULAR: Record<string, string> = Object.fromEntries(
  ('wrote:write written:write spent:spend spent:spend made:make took:take taken:take gave:give given:give ' +
    'went:go gone:go came:come saw:see seen:see said:say told:tell thought:think brought:bring bought:buy ' +
    'found:find got:get gotten:get held:hold kept:keep led:lead left:leave lost:lose meant:mean met:meet paid:pay ' +
    'ran:run sent:send set:set sold:sell stood:stand understood:understand won:win began:begin begun:begin ' +
    'became:become broke:break broken:break chose:choose chosen:choose drew:draw drawn:draw drove:drive driven:drive ' +
    'fell:fall fallen:fall felt:feel fought:fight flew:fly flown:fly forgot:forget froze:freeze frozen:freeze grew:grow ' +
    'grown:grow hid:hide hidden:hide knew:know known:know laid:lay rose:rise risen:rise shook:shake shaken:shake ' +
    'shrank:shrink shrunk:shrink sought:seek spoke:speak spoken:speak stole:steal stolen:steal struck:strike ' +
    'blew:blow blown:blow tore:tear torn:tear built:build caught:catch dealt:deal dug:dig fed:feed fled:flee heard:hear ' +
    'hung:hang rang:ring rode:ride ridden:ride sang:sing sank:sink sunk:sink shot:shoot slid:slide sped:speed spun:spin ' +
    'stuck:stick swept:sweep swam:swim swung:swing wept:weep bitten:bite bled:bleed crept:creep leapt:leap slept:sleep ' +
    'sprang:spring sprung:spring underwent:undergo undergone:undergo upheld:uphold withheld:withhold arose:arise ' +
    'arisen:arise ate:eat eaten:eat drank:drink overtook:overtake overtaken:overtake rebuilt:rebuild ' +
    'swore:swear taught:teach threw:throw thrown:throw woke:wake wore:wear worn:wear withdrew:withdraw withdrawn:withdraw ' +
    'men:man women:woman children:child people:person mice:mouse feet:foot teeth:tooth data:datum ' +
    'better:good best:good worse:bad worst:bad larger:large largest:large easier:easy easiest:easy harder:hard hardest:hard ' +
    'faster:fast fastest:fast slower:slow slowest:slow higher:high highest:high lower:low lowest:low bigger:big biggest:big ' +
    'smaller:small smallest:small greater:great greatest:great earlier:early earliest:early later:late latest:late ' +
    'stronger:strong strongest:strong weaker:weak weakest:weak safer:safe safest:safe riskier:risky newer:new older:old')
    .split(' ')
    .map((p) => p.split(':') as [string, string]),
);

/** Base forms to try in the lexicon, most likely first (a light version of WordNet's morphy). */
export function lemmaCandidates(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  if (IRREGULAR[w]) out.unshift(IRREGULAR[w]);
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'], [/ied$/, 'y'], [/ying$/, 'ie'], [/sses$/, 'ss'], [/xes$/, 'x'], [/ches$/, 'ch'], [/shes$/, 'sh'],
    [/ves$/, 'f'], [/s$/, ''], [/es$/, 'e'], [/es$/, ''], [/ed$/, 'e'], [/ed$/, ''], [/(\w)\1ed$/, '$1'],
    [/ing$/, 'e'], [/ing$/, ''], [/(\w)\1ing$/, '$1'], [/ier$/, 'y'], [/iest$/, 'y'], [/er$/, ''], [/er$/, 'e'],
    [/est$/, ''], [/est$/, 'e'], [/ly$/, ''], [/ily$/, 'y'],
  ];
  for (const [re, rep] of rules) if (re.test(w)) out.push(w.replace(re, rep));
  return out;
}

/** Longer tokens are not stemmed or looked up (pasted data, not words). */
const MAX_WORD = 40;
const lemmaCache = new Map<string, string>();
/** The lexicon's lemma for a word form, or the lower-cased form when the lexicon does not know it. */
export function lemmaOf(word: string): string {
  if (word.length > MAX_WORD) return word.toLowerCase();
  const hit = lemmaCache.get(word);
  if (hit !== undefined) return hit;
  let lemma = word.toLowerCase();
  for (const c of lemmaCandidates(word)) {
    if (c.length >= 2 && isLemma(c)) {
      lemma = c;
      break;
    }
  }
  if (lemmaCache.size > 50_000) lemmaCache.clear();
  lemmaCache.set(word, lemma);
  return lemma;
}

const stemCache = new Map<string, string>();
export function stemOf(lower: string): string {
  let s = stemCache.get(lower);
  if (s === undefined) {
    // No English word is longer than this; stemming a 20,000-letter "word" would take seconds.
    s = lower.length > 2 && lower.length <= MAX_WORD ? stem(lower) : lower;
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(lower, s);
  }
  return s;
}

/** Sticky copy of TOKEN_RE: tests for a token at one offset without building a match (see `nextToken`). */
const TOKEN_AT = new RegExp(TOKEN_RE.source, 'uy');
const NUMBER_START = /^\p{N}/u;
const UPPER_START = /^\p{Lu}/u;
const THOUSANDS = /,(?=\d{3}\b)/g;
const SYMBOLS = '$€£¥%';
/** ASCII characters a token may start with: digits, letters, `$` and `%`. */
const ASCII_TOKEN_START = new Uint8Array(128).map((_, c) => (/[0-9A-Za-z$%]/.test(String.fromCharCode(c)) ? 1 : 0));

/**
 * Where the next token of `s` at or after `at` starts (-1: none), as `TOKEN_RE.exec` would find it; its end is
 * `tokenEnd()` until the next call. Builds no match object or string: indexing calls this for every word.
 */
export function nextToken(s: string, at: number): number {
  const n = s.length;
  while (at < n) {
    const c = s.charCodeAt(at);
    if (c < 128 && !ASCII_TOKEN_START[c]) {
      at++;
      continue;
    }
    TOKEN_AT.lastIndex = at;
    if (TOKEN_AT.test(s)) return at;
    // Code point by code point, as the global expression advances.
    at += c >= 0xd800 && c <= 0xdbff && at + 1 < n && (s.charCodeAt(at + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return -1;
}

/** The end of the token `nextToken` last found. */
export function tokenEnd(): number {
  return TOKEN_AT.lastIndex;
}

/** True when `s` has a capital letter (`\p{Lu}`) at offset `at`. */
export function upperAt(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_START.test(s.slice(at, at + 2));
}

/** Tokens of `text[start, end)`, with offsets into `text`. Possessive "'s" is dropped; hyphenated words split. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  return scan(text, start, end, true) as Token[];
}

/** A token without its stem and stop-word flag. */
export type SurfaceToken = Omit<Token, 'stem' | 'stop'>;

/**
 * The tokens `tokenize` gives, without stems and stop-word flags: a rule that reads only words, cases and order
 * (a name next to a verb) takes these of every candidate passage, and stemming them was most of that cost.
 */
export function surfaceTokens(text: string): SurfaceToken[] {
  return scan(text, 0, text.length, false);
}

function scan(text: string, start: number, end: number, full: boolean): SurfaceToken[] {
  const mk = full ? token : surfaceToken;
  const raw = text.slice(start, end);
  const slice = foldChars(raw);
  // When folding changed nothing a token's surface is the folded one (no second copy of each word).
  const folded = slice !== raw;
  const out: SurfaceToken[] = [];
  let first = true;
  for (let at = nextToken(slice, 0), next = 0; at >= 0; at = nextToken(slice, next)) {
    next = tokenEnd();
    let to = next;
    // A possessive "'s" (or "'S") is dropped.
    if (to - at >= 2 && slice.charCodeAt(to - 2) === 39 && (slice.charCodeAt(to - 1) | 32) === 115) to -= 2;
    if (to === at) continue;
    const surface = slice.slice(at, to);
    const s = start + at;
    const e = start + to;
    const c0 = slice.charCodeAt(at);
    const isNum = c0 < 128 ? c0 >= 48 && c0 <= 57 : NUMBER_START.test(surface);
    const isSym = to - at === 1 && SYMBOLS.includes(surface);
    let lower = wordLower(surface);
    if (lower.endsWith("n't")) {
      // "don't" -> "do" + "n't"
      const base = lower.slice(0, -3);
      if (base) out.push(mk(text.slice(s, s + base.length), s, s + base.length, base === 'ca' ? 'can' : base === 'wo' ? 'will' : base, first));
      out.push(mk(text.slice(e - 3, e), e - 3, e, "n't", false));
      first = false;
      continue;
    }
    if (isNum) lower = surface.replace(THOUSANDS, '');
    const acronym = full && !isNum && !isSym && isAcronym(surface, lower);
    const t = mk(folded ? text.slice(s, e) : surface, s, e, lower, first, isNum ? 'number' : isSym ? 'symbol' : 'word', acronym);
    out.push(t);
    first = false;
  }
  return out;
}

function surfaceToken(surface: string, start: number, end: number, lower: string, first: boolean, kind: Token['kind'] = 'word'): SurfaceToken {
  return { text: surface, start, end, lower, kind, capitalized: kind === 'word' && !first && upperAt(surface, 0) };
}

function token(surface: string, start: number, end: number, lower: string, first: boolean, kind: Token['kind'] = 'word', acronym = false): Token {
  const stop = kind === 'word' && !acronym && STOPWORDS.has(lower);
  return {
    text: surface,
    start,
    end,
    lower,
    stem: kind === 'word' ? stemOf(lower) : lower,
    kind,
    stop,
    capitalized: kind === 'word' && !first && upperAt(surface, 0),
  };
}
