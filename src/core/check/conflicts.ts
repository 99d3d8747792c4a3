import type { Quantity } from '../language/quantities';
import type { PassageFeatures } from '../retrieval/passageIndex';
import { lemmaCandidates, lemmaOf, surfaceTokens, tokenize, type SurfaceToken, type Token } from '../language/tokens';
import { squash } from '../text/text';
import { MONTH_ABBR, MONTHS, WEEKDAYS } from '../language/quantityUnits';
import { figureText } from './claim';
import { hasVerbSense } from '../language/lexicon';
import type { Query, QueryTerm } from './query';
import type { Conflict, ConflictKind } from './result';
import { textAt } from './passageClauses';
import type { Alignment } from './scorer';

/**
 * A contradiction rule: given a claim, a passage and how they align, the conflict the passage carries, if any.
 * Rules are pure; `CONFLICT_RULES` lists them in precedence order and the first that finds a conflict names it.
 */
export interface ConflictRule {
  readonly kind: ConflictKind;
  find(q: Query, f: PassageFeatures, a: Alignment): Conflict | undefined;
}

/** A figure of the claim that the passage gives differently ("30 days" for "90 days"). */
export const quantityRule: ConflictRule = {
  kind: 'quantity',
  find(q, f, a) {
    if (!a.quantityPair) return undefined;
    const { draft, source } = a.quantityPair;
    const sourceFigure = squash(textAt(f, source.start, source.end));
    const draftFigure = figureText(q.claim, draft);
    return {
      kind: 'quantity',
      reason: `source says ${withNoun(source, f.text, f.passage.span.start, sourceFigure)}, draft says ${withNoun(draft, q.claim.masked, q.claim.offset, draftFigure)}`,
      sourceFigure: replacementFigure(draft, source, draftFigure, sourceFigure),
      draftSpan: { start: draft.start, end: draft.end },
      sourceSpan: { start: source.start, end: source.end },
      sourceText: sourceFigure,
    };
  },
};

/** The passage has the opposite of a claim word ("stronger" for "weaker"), not cancelled by a negation. */
export const antonymRule: ConflictRule = {
  kind: 'antonym',
  find(_q, _f, a) {
    if (!a.antonym) return undefined;
    return {
      kind: 'antonym',
      reason: `source says "${a.antonym.sourceWord}" where the draft says "${a.antonym.term.term.token.text}"`,
    };
  },
};

/** One of the two negates what the other states, in the clause the match aligns. */
export const negationRule: ConflictRule = {
  kind: 'negation',
  find(q, f, a) {
    if (!a.polarityFlipped) return undefined;
    const claim = q.claim.analysis;
    const words = a.negations.map((x) => textAt(f, x.start, x.end));
    const neg =
      a.claimNegations % 2
        ? `the draft says "${claim.negationWords.join(' ')}"`
        : `the source says "${words.join(' ')}"`;
    return { kind: 'negation', reason: `opposite polarity: ${neg} and the other does not` };
  },
};

/** Two names on either side of a shared word stand the other way round ("A acquired B" against "B acquired A"). */
export const rolesRule: ConflictRule = {
  kind: 'roles',
  find(q, f, a) {
    const roles = swappedRoles(a.aligned, q, f);
    return roles ? { kind: 'roles', reason: `roles swapped: the source says "${roles}"` } : undefined;
  },
};

/**
 * The two sides of one comparison stand the other way round: "large firms recovered faster than small ones" against
 * "small firms recovered much faster than large ones". A conflict of kind `roles`.
 */
export const comparisonRule: ConflictRule = {
  kind: 'roles',
  find(q, f, a) {
    const swapped = swappedComparison(a.aligned, q, f);
    return swapped ? { kind: 'roles', reason: `comparison reversed: the source says "${swapped}"` } : undefined;
  },
};

/**
 * Another name in the speaker's slot: the passage has the claim's verb of attribution ("said", "estimated",
 * "announced"), but the name next to it is another ("…," said Jennifer Homendy" for "FAA chief Michael Whitaker
 * said …"): none of the claim's name words is in the passage, and none of the passage's is in the claim.
 */
export const entityRule: ConflictRule = {
  kind: 'entity',
  find(q, f) {
    const other = otherName(q, f);
    return other
      ? { kind: 'entity', reason: `source says "${other.source}" where the draft says "${other.draft}"` }
      : undefined;
  },
};

/**
 * Another number in a name: the claim's "Interstate 95" where the passage names only "Interstate 695" (a route, a
 * flight, a model: a capitalised word and the number right after it). A conflict of kind `entity`: another name.
 */
export const identifierRule: ConflictRule = {
  kind: 'entity',
  find(q, f) {
    // The passage is read only for a claim that has such a name, and a passage that has its word.
    const ours = claimIdentifiers(q.claim.analysis.tokens);
    if (!ours.some((x) => f.text.includes(x.word))) return undefined;
    const other = otherIdentifier(ours, tokenize(f.text));
    return other
      ? { kind: 'entity', reason: `source says "${other.source}" where the draft says "${other.draft}"` }
      : undefined;
  },
};

/** The rules in precedence order: a figure, then an antonym, then polarity, then roles, then another name. */
export const CONFLICT_RULES: readonly ConflictRule[] = [
  quantityRule,
  antonymRule,
  negationRule,
  rolesRule,
  comparisonRule,
  entityRule,
  identifierRule,
];

/** Words before a number that make it a date or time, not part of a name. */
const NOT_NAMES = new Set([...MONTHS, ...MONTH_ABBR, ...WEEKDAYS]);

/** A name word directly followed by a number ("Interstate 95"). */
interface Identifier {
  word: string;
  lower: string;
  num: string;
}

/** `f` of a claim's tokens, computed once per claim: the rules ask it of every candidate passage. */
function perClaim<T>(f: (tokens: readonly Token[]) => T): (tokens: readonly Token[]) => T {
  const memo = new WeakMap<readonly Token[], T>();
  return (tokens) => {
    if (!memo.has(tokens)) memo.set(tokens, f(tokens));
    return memo.get(tokens)!;
  };
}

/** The claim's identifiers. */
const claimIdentifiers = perClaim(identifiers);

/** The name words of `tokens` directly followed by a number. */
function identifiers(tokens: readonly Token[]): Identifier[] {
  const out: Identifier[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const w = tokens[i];
    const n = tokens[i + 1];
    if (w.kind !== 'word' || w.stop || !/^\p{Lu}/u.test(w.text) || NOT_NAMES.has(w.lower)) continue;
    if (n.kind === 'number' && /^\d+$/.test(n.text) && n.start <= w.end + 1)
      out.push({ word: w.text, lower: w.lower, num: n.text });
  }
  return out;
}

/** A name with a number in the claim that the passage gives only with other numbers. */
function otherIdentifier(ours: Identifier[], theirs: readonly Token[]): { draft: string; source: string } | undefined {
  const found = identifiers(theirs);
  for (const x of ours) {
    const same = found.filter((y) => y.lower === x.lower);
    if (!same.length || same.some((y) => y.num === x.num)) continue;
    return { draft: `${x.word} ${x.num}`, source: `${same[0].word} ${same[0].num}` };
  }
  return undefined;
}

/** Verbs that attribute a statement or a figure to someone (lemmas): the slot the entity rule compares. */
const ATTRIBUTION = new Set([
  'say',
  'tell',
  'announce',
  'state',
  'report',
  'warn',
  'confirm',
  'estimate',
  'claim',
  'predict',
  'write',
  'add',
  'explain',
  'acknowledge',
  'admit',
  'deny',
  'note',
  'argue',
  'insist',
  'testify',
  'declare',
  'disclose',
  'reveal',
  'concede',
]);
/** How many content words before or after the verb the name may stand, in the claim and the passage. */
const SLOT_WORDS = 3;

/** A capitalised run of up to `SLOT_WORDS` words next to token `v` (before it, else after it), as token indices. */
function nameRun(tokens: readonly SurfaceToken[], v: number): number[] {
  const run: number[] = [];
  for (let i = v - 1; i >= Math.max(0, v - SLOT_WORDS) && tokens[i].kind === 'word' && tokens[i].capitalized; i--)
    run.unshift(i);
  if (run.length) return run;
  for (
    let i = v + 1;
    i < Math.min(tokens.length, v + 1 + SLOT_WORDS) && tokens[i].kind === 'word' && tokens[i].capitalized;
    i++
  )
    run.push(i);
  return run;
}

/** The claim's verbs of attribution with the name run next to each. */
const speakerSlots = perClaim((tokens) => {
  const out: { verb: string; names: number[] }[] = [];
  for (let v = 0; v < tokens.length; v++) {
    const verb = tokens[v].kind === 'word' ? lemmaOf(tokens[v].lower) : '';
    if (!ATTRIBUTION.has(verb)) continue;
    const names = nameRun(tokens, v);
    if (names.length) out.push({ verb, names });
  }
  return out;
});

/**
 * The claim's speaker (the name run next to its verb of attribution) and the passage's next to the same verb, when
 * they share nothing: none of the claim's name words is in the passage and none of the passage's is in the claim.
 */
function otherName(q: Query, f: PassageFeatures): { draft: string; source: string } | undefined {
  const mine = q.claim.analysis.tokens;
  // Made when first needed, once for all the claim's speaker slots.
  let lower: string | undefined;
  let tokens: SurfaceToken[] | undefined;
  let words: Set<string> | undefined;
  let claimWords: Set<string> | undefined;
  for (const { verb, names } of speakerSlots(mine)) {
    // A claim name word that is surely among the passage's words leaves the slot to it without tokenizing the
    // passage (most passages a speaker's claim retrieves name the speaker).
    const text = (lower ??= f.text.toLowerCase());
    if (names.some((i) => surelyHasWord(text, mine[i].lower))) continue;
    const passage = (tokens ??= surfaceTokens(f.text));
    const held = (words ??= new Set(passage.map((t) => t.lower)));
    if (names.some((i) => held.has(mine[i].lower))) continue;
    const ours = (claimWords ??= new Set(mine.map((t) => t.lower)));
    for (let p = 0; p < passage.length; p++) {
      if (passage[p].kind !== 'word' || lemmaOf(passage[p].lower) !== verb) continue;
      const theirs = nameRun(passage, p);
      if (!theirs.length || theirs.some((i) => ours.has(passage[i].lower))) continue;
      const span = (ts: readonly SurfaceToken[], run: number[], text: string, at: number) =>
        text.slice(ts[run[0]].start - at, ts[run[run.length - 1]].end - at);
      return { draft: span(mine, names, q.claim.masked, q.claim.offset), source: span(passage, theirs, f.text, 0) };
    }
  }
  return undefined;
}

/**
 * True when `tokenize` of the text whose lower case is `text` surely gives a word whose `lower` is `word`: a word of
 * two or more ASCII letters found between spaces, line breaks or plain punctuation. False means not shown (an
 * apostrophe, hyphen or other letter beside it, or not found): the tokens decide.
 */
export function surelyHasWord(text: string, word: string): boolean {
  if (!/^[a-z]{2,}$/.test(word)) return false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if (
      (at === 0 || PLAIN_BEFORE.has(text.charCodeAt(at - 1))) &&
      (end === text.length || PLAIN_AFTER.has(text.charCodeAt(end)))
    )
      return true;
  }
  return false;
}
const PLAIN_BEFORE = new Set([...' \t\n\r,;:!?()[]"\u201c\u201d'].map((c) => c.charCodeAt(0)));
const PLAIN_AFTER = new Set([...PLAIN_BEFORE, '.'.charCodeAt(0)]);

/** The first conflict the rules find, in their order. */
export function findConflict(
  rules: readonly ConflictRule[],
  q: Query,
  f: PassageFeatures,
  a: Alignment,
): Conflict | undefined {
  for (const rule of rules) {
    const c = rule.find(q, f, a);
    if (c) return c;
  }
  return undefined;
}

/** A word that may be a verb: its lemma has a verb sense, or it is a past form of one ("acquired", an adjective too). */
function verbLike(lemma: string, text: string): boolean {
  return hasVerbSense(lemma) || (/ed$/i.test(text) && lemmaCandidates(text).some(hasVerbSense));
}

/**
 * Swapped roles: two names on either side of a shared word in the draft ("A acquired B") stand the other way round
 * in the passage ("B acquired A"). A passive ("… by …") between them in either reverses the order legitimately and
 * is not flagged. Returns the passage's words in its order, or undefined.
 */
function swappedRoles(aligned: { term: QueryTerm; at: number }[], q: Query, f: PassageFeatures): string | undefined {
  if (aligned.length < 3) return undefined;
  const source = (from: number, to: number) => textAt(f, from, to);
  // Whether each aligned word is a name in both: read once, the loops below are cubic in them.
  const named = aligned.map((x) => /^\p{Lu}/u.test(x.term.term.token.text) && /^\p{Lu}/u.test(source(x.at, x.at + 1)));
  const draftText = (from: number, to: number) => q.claim.masked.slice(from - q.claim.offset, to - q.claim.offset);
  const names = aligned.filter((_, i) => named[i]);
  if (names.length < 2) return undefined;
  // Only a verb between two names gives them roles: "the town of X in Y" and "Y's town of X" name one place.
  const others = aligned.filter((x, i) => !named[i] && verbLike(x.term.term.lemma, x.term.term.token.text));
  for (const A of names) {
    for (const B of names) {
      const [a, b] = [A.term.term.token, B.term.term.token];
      if (a.start >= b.start || A.term.id === B.term.id) continue;
      for (const V of others) {
        const v = V.term.term.token;
        if (v.start <= a.start || v.start >= b.start) continue;
        if (!(B.at < V.at && V.at < A.at)) continue;
        if (/\bby\b/i.test(draftText(v.end, b.start)) || /\bby\b/i.test(source(V.at, A.at))) continue;
        return `${source(B.at, B.at + b.text.length)} … ${source(V.at, V.at + v.text.length)} … ${source(A.at, A.at + a.text.length)}`;
      }
    }
  }
  return undefined;
}

/** Words the passage may put between the comparative and "than" ("faster than", "much faster, on average, than" no). */
const COMPARATIVE_GAP = /^[\p{L}\p{N}'-]*(?:\s+[\p{L}\p{N}'-]+){0,2}\s+than\b/iu;
/** Where a clause ends, for the sides of a comparison. */
const CLAUSE_END = /[,;:.!?\u2014()]/;

/** The clause holding `text[start, end)`: from the last clause mark before it to the first after it. */
function clauseAround(text: string, start: number, end: number): [number, number] {
  while (start > 0 && !CLAUSE_END.test(text[start - 1])) start--;
  while (end < text.length && !CLAUSE_END.test(text[end])) end++;
  return [start, end];
}

/**
 * A swapped comparison: the claim's "X <comparative> than Y" and the passage's comparative (the same word, aligned)
 * followed by "than" within three words, with a word of X in the passage's "than" side and a word of Y before its
 * comparative, each inside the comparison's clause (an attribution moved after a comma is not a side). Every aligned
 * word of Y must have crossed. Returns the passage's comparison, or undefined.
 */
function swappedComparison(
  aligned: { term: QueryTerm; at: number }[],
  q: Query,
  f: PassageFeatures,
): string | undefined {
  const tokens = q.claim.analysis.tokens;
  const k = tokens.findIndex((t) => t.lower === 'than');
  if (k < 1 || aligned.length < 3) return undefined;
  const than = tokens[k];
  const comparative = tokens[k - 1];
  const cmp = aligned.find((x) => x.term.term.token.start === comparative.start);
  if (!cmp) return undefined;
  const base = f.passage.span.start;
  const cmpAt = cmp.at - base;
  const gap = COMPARATIVE_GAP.exec(f.text.slice(cmpAt));
  if (!gap || CLAUSE_END.test(gap[0])) return undefined;
  const thanEnd = cmpAt + gap[0].length;
  // The comparison's clause in the passage, and the claim's sides inside its own: "…, Parametrix found" is no side.
  const [from, to] = clauseAround(f.text, cmpAt, thanEnd);
  const o = q.claim.offset;
  const [cFrom, cTo] = clauseAround(q.claim.masked, comparative.start - o, than.end - o);
  const before = aligned.filter(
    (x) => x !== cmp && x.term.term.token.end <= comparative.start && x.term.term.token.start >= cFrom + o,
  );
  const after = aligned.filter((x) => x.term.term.token.start > than.start && x.term.term.token.end <= cTo + o);
  if (!before.length || !after.length) return undefined;
  const at = (x: { at: number }) => x.at - base;
  const crossedBefore = before.filter((x) => at(x) >= thanEnd && at(x) < to);
  const crossedAfter = after.filter((x) => at(x) >= from && at(x) < cmpAt);
  if (!crossedBefore.length || crossedAfter.length !== after.length) return undefined;
  return squash(f.text.slice(from, to).trim());
}

/**
 * The source's figure worded as the draft words its own, for a quick fix: "90 days" with a source's "30-day"
 * becomes "30 days" (the draft's number replaced, its unit kept), so the sentence still reads.
 */
export function replacementFigure(d: Quantity, s: Quantity, draftFigure: string, sourceFigure: string): string {
  const num = /\d[\d,]*(?:\.\d+)?/.exec(draftFigure);
  if (num && d.value && s.dim === d.dim && d.dim !== 'year') {
    const n = Number(num[0].replace(/,/g, '')) * (s.value / d.value);
    const rounded = Math.round(n * 100) / 100;
    if (Number.isFinite(n) && Math.abs(n - rounded) < 1e-9 && rounded > 0) {
      const text = num[0].includes(',') ? rounded.toLocaleString('en-US') : String(rounded);
      return draftFigure.slice(0, num.index) + text + draftFigure.slice(num.index + num[0].length);
    }
  }
  // "30-day" stands before a noun; in the draft's place it reads "30 days".
  const hyphen = /^(\d[\d,.]*)-([a-z]+)$/i.exec(sourceFigure);
  if (hyphen) return `${hyphen[1]} ${hyphen[2]}${hyphen[1] === '1' ? '' : 's'}`;
  return sourceFigure;
}

/** A count reads better with what it counts: "400 jobs". `text` starts at offset `offset`. */
function withNoun(q: Quantity, text: string, offset: number, figure: string): string {
  if (q.dim !== 'count') return figure;
  const m = /^\s+([\p{L}\p{N}-]+)/u.exec(text.slice(q.end - offset, q.end - offset + 40));
  return m ? `${figure} ${m[1]}` : figure;
}
