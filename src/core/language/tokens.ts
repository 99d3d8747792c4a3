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

/** The token pattern (numbers, words with an inner apostrophe, currency and percent signs). */
export const TOKEN_RE = /\p{N}+(?:[.,:]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:'[\p{L}]+)?|[$€£¥%]/gu;

const IRREGULAR: Record<string, string> = Object.fromEntries(
  ('wrote:write written:write spent:spend spent:spend made:make took:take taken:take gave:give given:give ' +
    'went:go gone:go came:come saw:see seen:see said:say told:tell thought:think brought:bring bought:buy ' +
    'found:find got:get gotten:get held:hold kept:keep led:lead left:leave lost:lose meant:mean met:meet paid:pay ' +
    'ran:run sent:send set:set sold:sell stood:stand understood:understand won:win began:begin begun:begin ' +
    'became:become broke:break broken:break chose:choose chosen:choose drew:draw drawn:draw drove:drive driven:drive ' +
    'fell:fall fallen:fall felt:feel fought:fight flew:fly flown:fly forgot:forget froze:freeze frozen:freeze grew:grow ' +
    'grown:grow hid:hide hidden:hide knew:know known:know laid:lay rose:rise risen:rise shook:shake shaken:shake ' +
    'shrank:shrink shrunk:shrink sought:seek spoke:speak spoken:speak stole:steal stolen:steal struck:strike ' +
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

/** Tokens of `text[start, end)`, with offsets into `text`. Possessive "'s" is dropped; hyphenated words split. */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const slice = foldChars(text.slice(start, end));
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let first = true;
  while ((m = TOKEN_RE.exec(slice))) {
    let surface = m[0];
    if (/'s$/i.test(surface)) surface = surface.slice(0, -2);
    if (!surface) continue;
    const s = start + m.index;
    const e = s + surface.length;
    const isNum = /^\p{N}/u.test(surface);
    const isSym = /^[$€£¥%]$/.test(surface);
    let lower = surface.toLowerCase();
    if (lower.endsWith("n't")) {
      // "don't" -> "do" + "n't"
      const base = lower.slice(0, -3);
      if (base) out.push(mk(text.slice(s, s + base.length), s, s + base.length, base === 'ca' ? 'can' : base === 'wo' ? 'will' : base, first));
      out.push(mk(text.slice(e - 3, e), e - 3, e, "n't", false));
      first = false;
      continue;
    }
    if (isNum) lower = surface.replace(/,(?=\d{3}\b)/g, '');
    const t = mk(text.slice(s, e), s, e, lower, first, isNum ? 'number' : isSym ? 'symbol' : 'word');
    out.push(t);
    first = false;
  }
  return out;
}

function mk(surface: string, start: number, end: number, lower: string, first: boolean, kind: Token['kind'] = 'word'): Token {
  const stop = kind === 'word' && STOPWORDS.has(lower);
  return {
    text: surface,
    start,
    end,
    lower,
    stem: kind === 'word' ? stemOf(lower) : lower,
    kind,
    stop,
    capitalized: kind === 'word' && !first && /^\p{Lu}/u.test(surface),
  };
}
