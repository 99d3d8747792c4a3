import { interval, lastDigitUnit, readBound, readNumber, readTime } from './quantityParts';
import {
  CURRENCY_SYMBOL,
  CURRENCY_WORD,
  DURATION,
  FRACTIONS,
  LENGTH,
  MONTH_ABBR,
  MONTHS,
  ORDINALS,
  SPEED,
  TENS,
  TRIGGERS,
  WEEKDAYS,
} from './quantityUnits';
import type { Token } from './tokens';

/**
 * Quantities stated in a sentence: numbers with their unit and the bound the writer put on them
 * ("more than 40%", "roughly half", "30-day", "six months", "$2.5 million", "March 2019").
 */
export type Dimension =
  | 'percent'
  | 'duration'
  | 'money'
  | 'ratio'
  | 'year'
  | 'weekday'
  | 'count'
  | 'date'
  | 'time'
  | 'length'
  | 'speed'
  | 'age';

export interface Quantity {
  dim: Dimension;
  /**
   * Value in the dimension's base unit: percent, days, currency units, multiples, year, weekday 0-6, count; a date
   * is month * 100 + day ("March 26" = 326), a time of day minutes after midnight, a length metres, a speed km/h.
   */
  value: number;
  /** The interval the wording allows (inclusive), after bounds like "more than" or "roughly". */
  lo: number;
  hi: number;
  /** Month (1-12) for dates stated with one. */
  month?: number;
  /** For a date: the year, when stated with it. For a time: true when a.m./p.m. was not given (12-hour ambiguity). */
  year?: number;
  ambiguous?: boolean;
  /** For counts: stems of the words counted ("researcher"), which must agree before two counts are compared. */
  what?: string[];
  /** Offsets of the whole phrase in the document, and its words. */
  start: number;
  end: number;
  /** Index of the first and one past the last token of the phrase. */
  from: number;
  to: number;
}

/**
 * Extracts the quantities of one sentence's tokens, in order. `text`, when given, is what the tokens' offsets index
 * into: it lets a person's age in apposition ("Sauer, 64, said") be read by its commas.
 */
export function extractQuantities(tokens: Token[], text?: string): Quantity[] {
  const out: Quantity[] = [];
  const n = tokens.length;
  let i = 0;
  // Completes the object in place (its keys in the same order as a copy's), one object per quantity.
  const add = (q: Omit<Quantity, 'start' | 'end'>) => {
    const x = q as Quantity;
    x.start = tokens[q.from].start;
    x.end = tokens[q.to - 1].end;
    out.push(x);
  };
  while (i < n) {
    const t = tokens[i];
    const w = t.lower;
    // Most words start no quantity: skip them without trying every rule.
    if (t.kind === 'word' && !TRIGGERS.has(w)) {
      i++;
      continue;
    }
    // Weekdays and month-year dates.
    const wd = WEEKDAYS.indexOf(w);
    if (wd >= 0) {
      add({ dim: 'weekday', value: wd, lo: wd, hi: wd, from: i, to: i + 1 });
      i++;
      continue;
    }
    const mo = MONTHS.indexOf(w) >= 0 ? MONTHS.indexOf(w) : t.capitalized || i === 0 ? MONTH_ABBR.indexOf(w) : -1;
    if (mo >= 0 && (w !== 'may' || t.capitalized)) {
      // "February 2026", "February 3, 2026", "Aug. 8", "March 26th"
      let j = i + 1;
      const day =
        tokens[j]?.kind === 'number' &&
        /^\d{1,2}$/.test(tokens[j].lower) &&
        Number(tokens[j].lower) >= 1 &&
        Number(tokens[j].lower) <= 31
          ? Number(tokens[j].lower)
          : 0;
      if (day) {
        let k = j + 1;
        if (/^(?:st|nd|rd|th)$/.test(tokens[k]?.lower ?? '') && tokens[k].start === tokens[j].end) k++;
        const yt = tokens[k];
        const year = yt?.kind === 'number' && /^\d{4}$/.test(yt.lower) ? Number(yt.lower) : undefined;
        const v = (mo + 1) * 100 + day;
        add({ dim: 'date', value: v, lo: v, hi: v, month: mo + 1, year, from: i, to: k });
        j = k;
      }
      // "the third of May", "the 3rd of May", "the twenty-sixth of May" (the day before the month).
      const before = day ? undefined : ordinalDayBefore(tokens, i);
      if (before) {
        const yt = tokens[i + 1];
        const year = yt?.kind === 'number' && /^\d{4}$/.test(yt.lower) ? Number(yt.lower) : undefined;
        const v = (mo + 1) * 100 + before.day;
        add({ dim: 'date', value: v, lo: v, hi: v, month: mo + 1, year, from: before.from, to: year ? i + 2 : i + 1 });
        i += year ? 2 : 1;
        continue;
      }
      const y = tokens[j];
      if (y?.kind === 'number' && /^\d{4}$/.test(y.lower)) {
        const year = Number(y.lower);
        add({ dim: 'year', value: year, lo: year, hi: year, month: mo + 1, from: i, to: j + 1 });
        i = j + 1;
        continue;
      }
      // The day is the date's: "Aug. 8, killing 100 people" counts no 8 killed.
      if (day) {
        i = j;
        continue;
      }
    }
    if (t.kind === 'number') {
      // A number written as an ordinal ranks ("the 10th percentile"); it counts nothing, unless a month follows
      // ("8th August", day first).
      if (/^(?:st|nd|rd|th)$/.test(tokens[i + 1]?.lower ?? '') && tokens[i + 1].start === t.end) {
        const date = dayFirst(tokens, i, i + 2);
        if (date) add(date);
        i += date ? 3 : 2;
        continue;
      }
    }
    // Times of day, and dates written day first ("26 March").
    if (t.kind === 'number') {
      const time = readTime(tokens, i);
      if (time) {
        const { bound, from } = readBound(tokens, i);
        const [lo, hi] =
          bound === '~'
            ? [time.value - 10, time.value + 10]
            : bound === '='
              ? [time.value, time.value]
              : interval(time.value, bound);
        add({ dim: 'time', value: time.value, lo, hi, ambiguous: time.ambiguous, from, to: time.next });
        i = time.next;
        continue;
      }
      const date = dayFirst(tokens, i, i + 1);
      if (date) {
        add(date);
        i += 2;
        continue;
      }
    }
    // Fractions: "half", "a third", "two thirds", "majority".
    if (w === 'majority' || w === 'minority') {
      const { bound, from } = readBound(tokens, i);
      void bound;
      const from2 = tokens[from - 1]?.lower === 'a' || tokens[from - 1]?.lower === 'the' ? from - 1 : from;
      add({
        dim: 'percent',
        value: 50,
        lo: w === 'majority' ? 50 : 0,
        hi: w === 'majority' ? 100 : 50,
        from: Math.min(from2, i),
        to: i + 1,
      });
      i++;
      continue;
    }
    let currency = false;
    let numAt = i;
    if (CURRENCY_SYMBOL[w] && tokens[i + 1]?.kind === 'number') {
      currency = true;
      numAt = i + 1;
    }
    // "one of the ..." picks one out; it counts nothing.
    if (w === 'one' && tokens[i + 1]?.lower === 'of') {
      i += 2;
      continue;
    }
    // Articles stand for "one" before a unit ("a month", "an entire week", "a third").
    let num = readNumber(tokens, numAt);
    // "the third of May" is a date (read at the month), not a fraction.
    if (
      !num &&
      FRACTIONS[w] !== undefined &&
      w !== 'quarter' &&
      !(tokens[i + 1]?.lower === 'of' && MONTHS.includes(tokens[i + 2]?.lower ?? ''))
    ) {
      // A bare fraction: "roughly half of the code".
      const { bound, from } = readBound(tokens, i);
      const [lo, hi] = bound === '=' ? interval(FRACTIONS[w], '~') : interval(FRACTIONS[w], bound);
      add({ dim: 'percent', value: FRACTIONS[w], lo, hi, from, to: i + 1 });
      i++;
      continue;
    }
    if (
      !num &&
      (w === 'a' || w === 'an' || w === 'one') &&
      tokens[i + 1]?.kind === 'word' &&
      !readNumber(tokens, i + 1)
    ) {
      const skip =
        tokens[i + 1] && DURATION[tokens[i + 1].lower] === undefined && FRACTIONS[tokens[i + 1].lower] === undefined
          ? 2
          : 1;
      const u = tokens[i + skip]?.lower;
      if (u && (DURATION[u] !== undefined || FRACTIONS[u] !== undefined) && !(u === 'second' && skip === 1))
        num = { value: 1, next: i + skip, article: true };
    }
    if (!num) {
      i++;
      continue;
    }
    const { bound, from } = readBound(tokens, i);
    let j = num.next;
    let value = num.value;
    // Half a unit of the last digit written, scaled like the value ("8.5 million").
    const digitUnit =
      tokens[numAt].kind === 'number'
        ? lastDigitUnit(tokens[numAt].lower) * (num.value / Number(tokens[numAt].lower.replace(/,/g, '') || 1))
        : 1;
    // A range: "12 to 24 months", "between 400 and 500 jobs" (the unit after the second number serves both).
    let rangeTo: number | undefined;
    const joiner = tokens[j]?.lower;
    if ((joiner === 'to' || (joiner === 'and' && tokens[i - 1]?.lower === 'between')) && !currency) {
      const second = readNumber(tokens, j + 1);
      if (second && second.value > num.value) {
        rangeTo = second.value;
        j = second.next;
      }
    }
    // The last digit's unit scales with the value: "1.6 miles" is ±0.05 miles in metres too.
    const iv = (v: number): [number, number] =>
      rangeTo !== undefined
        ? [v, (v * rangeTo) / num!.value]
        : interval(v, bound, num!.value ? (digitUnit * v) / num!.value : digitUnit);
    const unit = tokens[j]?.lower;
    // A four-digit number with no unit is a year.
    if (
      !currency &&
      tokens[numAt].kind === 'number' &&
      /^\d{4}$/.test(tokens[numAt].lower) &&
      !tokens[numAt].text.includes(',') &&
      value >= 1800 &&
      value <= 2199 &&
      DURATION[unit ?? ''] === undefined &&
      unit !== '%' &&
      unit !== 'percent'
    ) {
      add({ dim: 'year', value, lo: value, hi: value, from: i, to: numAt + 1 });
      i = numAt + 1;
      continue;
    }
    if (unit === '%' || unit === 'percent' || (unit === 'per' && tokens[j + 1]?.lower === 'cent')) {
      j += unit === 'per' ? 2 : 1;
      if (tokens[j]?.lower === 'points') j++;
      const [lo, hi] = iv(value);
      add({ dim: 'percent', value, lo, hi, from, to: j });
      i = j;
      continue;
    }
    if (unit && FRACTIONS[unit] !== undefined && !currency) {
      const pct = value * FRACTIONS[unit];
      const [lo, hi] = bound === '=' ? interval(pct, '~') : interval(pct, bound);
      add({ dim: 'percent', value: pct, lo, hi, from: Math.min(from, i), to: j + 1 });
      i = j + 1;
      continue;
    }
    if (unit && !currency && (SPEED[unit] !== undefined || LENGTH[unit] !== undefined)) {
      // "70 miles per hour", "80 mph", "100 km/h", "12 knots"; otherwise a length ("52 feet", "a 984-foot ship").
      let k = j + 1;
      let factor = SPEED[unit];
      if (factor === undefined) {
        const per = tokens[k]?.lower;
        if ((per === 'per' || per === 'an' || per === 'a') && tokens[k + 1]?.lower === 'hour') {
          factor = LENGTH[unit] / 1000;
          k += 2;
        } else if (
          per === 'h' &&
          (unit === 'km' || unit === 'kilometres' || unit === 'kilometers') &&
          tokens[k].start === tokens[j].end + 1
        ) {
          factor = 1;
          k += 1;
        }
      }
      // "m" alone is too often something else ("5m" is five million): only a length when spelled as a unit word.
      if (factor !== undefined || unit !== 'm') {
        const dim = factor !== undefined ? 'speed' : 'length';
        const scaled = value * (factor ?? LENGTH[unit]);
        const [lo, hi] = iv(scaled);
        add({ dim, value: scaled, lo, hi, from: Math.min(from, i), to: k });
        i = k;
        continue;
      }
    }
    // A person's age: "a 64-year-old teacher", "64 years old" (a number of years, not a span of time).
    // Also "at the age of one year", "64 years of age".
    const years = unit === 'year' || unit === 'years';
    const ageOf = tokens[from - 1]?.lower === 'of' && tokens[from - 2]?.lower === 'age';
    const ofAge = tokens[j + 1]?.lower === 'of' && tokens[j + 2]?.lower === 'age';
    if (years && (tokens[j + 1]?.lower === 'old' || ofAge || ageOf) && !currency && rangeTo === undefined) {
      const [lo, hi] = iv(value);
      const to = ofAge ? j + 3 : tokens[j + 1]?.lower === 'old' ? j + 2 : j + 1;
      add({ dim: 'age', value, lo, hi, from: Math.min(from, i), to });
      i = to;
      continue;
    }
    if (unit && DURATION[unit] !== undefined && !currency) {
      value *= DURATION[unit];
      const [lo, hi] = iv(value);
      add({ dim: 'duration', value, lo, hi, from: Math.min(from, i), to: j + 1 });
      i = j + 1;
      continue;
    }
    if (unit === 'times' || unit === 'fold' || unit === 'x') {
      const [lo, hi] = iv(value);
      add({ dim: 'ratio', value, lo, hi, from, to: j + 1 });
      i = j + 1;
      continue;
    }
    if (currency || (unit && CURRENCY_WORD.has(unit))) {
      if (!currency) j++;
      const [lo, hi] = iv(value);
      add({ dim: 'money', value, lo, hi, from: Math.min(from, i), to: j });
      i = j;
      continue;
    }
    if (num.article) {
      i++;
      continue;
    }
    // "twenty" of "the twenty-sixth of June" is part of a date (read at the month), not a count.
    if (ORDINALS[tokens[j]?.lower ?? ''] !== undefined && tokens[j + 1]?.lower === 'of') {
      i = j;
      continue;
    }
    // An age in apposition to a name, as news writes it: "Sauer, 64, grabbed a flashlight"; "aged 64".
    if (
      from === i &&
      numAt === i &&
      rangeTo === undefined &&
      (tokens[i - 1]?.lower === 'aged' ||
        (text !== undefined && (isAgeApposition(tokens, i, text) || isAgeCopula(tokens, i, text))))
    ) {
      const [lo, hi] = iv(value);
      // Whose age: the name before it (up to three capitalised words), so that swapped ages are told apart.
      const what: string[] = [];
      for (
        let k =
          tokens[i - 1]?.lower === 'aged' || tokens[i - 1]?.kind === 'number'
            ? i - 2
            : tokens[i - 1]?.lower === 'was' || tokens[i - 1]?.lower === 'is'
              ? i - 2
              : i - 1;
        k >= 0 && what.length < 3;
        k--
      ) {
        if (tokens[k].kind !== 'word' || tokens[k].stop || !/^\p{Lu}/u.test(tokens[k].text)) break;
        what.push(tokens[k].stem);
      }
      add({ dim: 'age', value, lo, hi, from: i, to: i + 1, ...(what.length ? { what } : {}) });
      i++;
      continue;
    }
    // A number in a name counts nothing: "Route 66", "Pier 12", "Terminal 5".
    if (from === i && numAt === i && (inName(tokens, i) || namesModel(tokens, i, j))) {
      i = j;
      continue;
    }
    // A count: what is counted is the next few content words.
    const what: string[] = [];
    for (let k = j, end = j + 4; k < Math.min(n, end) && what.length < 3; k++) {
      const x = tokens[k];
      // A name with its number ("the Mark 4 ferries") goes on to the noun counted.
      if (x.kind === 'number' && inName(tokens, k)) {
        end++;
        continue;
      }
      if (x.kind !== 'word') break;
      if (!x.stop) what.push(x.stem);
    }
    // "rose by 65,000 soldiers, to 547,000": a bare number after "to" or "from" counts what the count before it did.
    const prev = out[out.length - 1];
    const carried =
      !what.length &&
      prev?.dim === 'count' &&
      prev.to >= i - 4 &&
      (tokens[i - 1]?.lower === 'to' || tokens[i - 1]?.lower === 'from');
    // "the tally of ships stood at 214", "the count of visitors on the pier was 380": a figure that ends its phrase counts
    // what the words before its verb name.
    const subject = what.length || carried ? undefined : subjectOf(tokens, from);
    if (what.length || carried || subject) {
      const [lo, hi] = iv(value);
      add({ dim: 'count', value, lo, hi, what: what.length ? what : carried ? prev!.what : subject, from, to: j });
    }
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * A number of one to three digits (1-120) set off by commas right after a capitalised word, and not followed by
 * another number: "Bob Sauer, 64, a science teacher". A list ("Piers 12, 64, 80") or a date ("May 5, 2024") is not.
 */
function isAgeApposition(tokens: Token[], i: number, text: string): boolean {
  const t = tokens[i];
  const w = tokens[i - 1];
  const v = Number(t.lower);
  if (t.kind !== 'number' || !/^\d{1,3}$/.test(t.lower) || v < 1 || v > 120) return false;
  if (!w || w.kind !== 'word' || !/^\p{Lu}/u.test(w.text) || NOT_NAME_WORDS.has(w.lower) || TRIGGERS.has(w.lower))
    return false;
  if (!/^,\s*$/.test(text.slice(w.end, t.start))) return false;
  const after = tokens[i + 1];
  return !!after && /^,\s*$/.test(text.slice(t.end, after.start)) && after.kind === 'word';
}

/** A bare number of 1-120 after a capitalised name and "was"/"is" that ends its clause: "Cabrera was 35 and ...". */
function isAgeCopula(tokens: Token[], i: number, text: string): boolean {
  const t = tokens[i];
  const v = Number(t.lower);
  const be = tokens[i - 1]?.lower;
  const w = tokens[i - 2];
  if (t.kind !== 'number' || !/^\d{1,3}$/.test(t.lower) || v < 1 || v > 120 || (be !== 'was' && be !== 'is'))
    return false;
  if (!w || w.kind !== 'word' || w.stop || !w.capitalized || NOT_NAME_WORDS.has(w.lower) || TRIGGERS.has(w.lower))
    return false;
  const after = tokens[i + 1];
  return !after || after.lower === 'and' || /^\s*[,;.]/.test(text.slice(t.end, after.start));
}

/** True when the number at `i` follows a name word directly ("Route 66", "Pier 12", "GPT4"; not "the port's 40", "In 2019"). */
function inName(tokens: Token[], i: number): boolean {
  const w = tokens[i - 1];
  if (!w || w.kind !== 'word' || w.stop || tokens[i].start - w.end > 1 || !/^\p{Lu}/u.test(w.text)) return false;
  if (NOT_NAME_WORDS.has(w.lower) || TRIGGERS.has(w.lower)) return false;
  // A sentence's first word is capitalised anyway (`capitalized` is false for it): no name is read there.
  return w.capitalized;
}
const NOT_NAME_WORDS = new Set([...MONTHS, ...MONTH_ABBR, ...WEEKDAYS]);

/**
 * A number in digits right before a capitalised singular word and its own number, with no noun after, is a model's
 * name ("all 320 Neo 2s"): it counts nothing. "300 Democrats", "40 FBI agents", "900 Harbor Line workers" and "65 Mark
 * 4 ferries" are counts.
 */
function namesModel(tokens: Token[], i: number, j: number): boolean {
  const w = tokens[j];
  if (j !== i + 1 || tokens[i].kind !== 'number' || !w || w.kind !== 'word' || w.start !== tokens[i].end + 1)
    return false;
  if (!/^\p{Lu}\p{Ll}/u.test(w.text) || /s$/.test(w.text) || NOT_NAME_WORDS.has(w.lower) || TRIGGERS.has(w.lower))
    return false;
  const next = tokens[j + 1];
  if (next?.kind !== 'number' || next.start !== w.end + 1) return false;
  // "65 Mark 4 ferries" counts ferries; "all 65 Mark 4s" is the model's name.
  const after = tokens[j + 2];
  return !after || after.kind !== 'word' || after.start === next.end;
}

/** The date of a day at `i` (digits) and its month at `k` ("26 March", "8th August"), or undefined. */
function dayFirst(tokens: Token[], i: number, k: number): Omit<Quantity, 'start' | 'end'> | undefined {
  const dm = monthAt(tokens, k);
  const d = Number(tokens[i].lower);
  if (dm < 0 || !/^\d{1,2}$/.test(tokens[i].lower) || d < 1 || d > 31) return undefined;
  const v = (dm + 1) * 100 + d;
  return { dim: 'date', value: v, lo: v, hi: v, month: dm + 1, from: i, to: k + 1 };
}

/**
 * The month (0-11) that the token at `k` names after a day ("26 March", "8th Aug."), or -1. An abbreviation must be
 * capitalised, and "May" too ("26 may" is a number and the verb).
 */
function monthAt(tokens: Token[], k: number): number {
  const t = tokens[k];
  if (!t) return -1;
  if (t.lower === 'may') return t.capitalized ? 4 : -1;
  const full = MONTHS.indexOf(t.lower);
  return full >= 0 ? full : t.capitalized ? MONTH_ABBR.indexOf(t.lower) : -1;
}

/** The day of "[the] third of" / "3rd of" / "twenty-sixth of" ending just before the month at `m`, and where it starts. */
function ordinalDayBefore(tokens: Token[], m: number): { day: number; from: number } | undefined {
  if (tokens[m - 1]?.lower !== 'of') return undefined;
  const o = tokens[m - 2];
  if (!o) return undefined;
  let day = 0;
  let from = m - 2;
  if (o.kind === 'word' && ORDINALS[o.lower] !== undefined) {
    day = ORDINALS[o.lower];
    const tens = tokens[m - 3];
    if (tens && TENS[tens.lower] !== undefined && day < 10 && tens.end + 1 === o.start) {
      day += TENS[tens.lower];
      from = m - 3;
    }
  } else if (/^(?:st|nd|rd|th)$/.test(o.lower) && tokens[m - 3]?.kind === 'number' && tokens[m - 3].end === o.start) {
    day = Number(tokens[m - 3].lower);
    from = m - 3;
  }
  if (!(day >= 1 && day <= 31)) return undefined;
  if (tokens[from - 1]?.lower === 'the') from--;
  return { day, from };
}

/** Verbs and particles between a subject and the figure it amounts to ("was", "stood at", "had risen to"). */
const LINKS = new Set([
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  'had',
  'has',
  'have',
  'at',
  'to',
  'stood',
  'stands',
  'stand',
  'reached',
  'reaches',
  'rose',
  'risen',
  'climbed',
  'grew',
  'fell',
  'dropped',
  'back',
  'up',
  'down',
  'totaled',
  'totalled',
  'topped',
  'hit',
]);
const LINK_PARTICLES = new Set(['at', 'to', 'up', 'down', 'back']);
/** Words of a subject that say only that it is a number ("the number of closed berths"): not what is counted. */
const MEASURES = new Set(['number', 'count', 'total', 'tally', 'figure']);

/**
 * What a figure with no noun after it counts, read from before its verb: "the count of visitors on the pier was 380"
 * counts visitors on the pier. Only a figure its verb links to ("was", "stood at", "had risen to"); up to three content
 * words back, none across another figure.
 */
function subjectOf(tokens: Token[], from: number): string[] | undefined {
  let k = from - 1;
  let verbs = 0;
  for (let links = 0; k >= 0 && links < 4 && LINKS.has(tokens[k].lower); k--, links++)
    if (!LINK_PARTICLES.has(tokens[k].lower)) verbs++;
  // Particles alone are a place or a range ("at 12 Main Street", "up to 40"), not a verb.
  if (!verbs) return undefined;
  const words: string[] = [];
  for (let seen = 0; k >= 0 && seen < 6 && words.length < 3; k--, seen++) {
    const x = tokens[k];
    if (x.kind !== 'word') break;
    if (!x.stop && !MEASURES.has(x.lower)) words.push(x.stem);
  }
  return words.length ? words : undefined;
}

/** True when two quantities measure the same kind of thing and so can be compared. */
export function comparable(a: Quantity, b: Quantity): boolean {
  if (a.dim !== b.dim) return false;
  if (a.dim === 'count') return !!a.what?.some((w) => b.what?.includes(w));
  // Two people's ages are not compared; an age of no one named is anyone's.
  if (a.dim === 'age') return !a.what || !b.what || a.what.some((w) => b.what!.includes(w));
  // Spans a hundred times apart measure different things ("three days after the storm" and "the largest in over two centuries").
  if (a.dim === 'duration') return Math.max(a.value, b.value) <= 100 * Math.min(a.value, b.value);
  return true;
}

/** True when the values the two wordings allow overlap ("more than 80%" and "over 80 percent" do). */
export function compatible(a: Quantity, b: Quantity): boolean {
  if (a.dim === 'date')
    return a.value === b.value && (a.year === undefined || b.year === undefined || a.year === b.year);
  if (a.dim === 'time' && (a.ambiguous || b.ambiguous)) {
    // Without a.m./p.m. only the clock face is known: 9:30 may be 21:30.
    const d = Math.abs(a.value - b.value) % 720;
    return Math.min(d, 720 - d) <= Math.max(a.hi - a.value, b.hi - b.value, 0);
  }
  if (a.dim === 'year') {
    if (a.value !== b.value) return false;
    return a.month === undefined || b.month === undefined || a.month === b.month;
  }
  // Two upper bounds state a peak: "up to 70 mph" and "as high as 80 mph" give different peaks. (Two lower bounds
  // do not: "upward of 2,000" and "more than 2,200" agree.)
  if (a.lo === -Infinity && b.lo === -Infinity) return sameBound(a.hi, b.hi);
  return a.lo <= b.hi && b.lo <= a.hi;
}

/** Two bound values are one when they differ by no more than a round figure's tolerance (2.5%). */
function sameBound(x: number, y: number): boolean {
  return Math.abs(x - y) <= 0.025 * Math.max(Math.abs(x), Math.abs(y)) + 1e-9;
}
