import { SCALES, TENS, UNITS } from './quantityUnits';
import type { Token } from './tokens';

// The parts of a quantity, read from tokens: a number (digits or words), a time of day, the bound written before it,
// and the interval of values the wording allows.

export type Bound = '=' | '~' | '>' | '<' | '>=' | '<=';
// Bounds read backwards from the number: each is the sequence of words just before it.
const BOUNDS: [string[], Bound][] = [
  [['more', 'than'], '>'], [['greater', 'than'], '>'], [['higher', 'than'], '>'], [['over'], '>'], [['above'], '>'],
  [['exceeding'], '>'], [['at', 'least'], '>='], [['upwards', 'of'], '>='], [['upward', 'of'], '>='], [['beyond'], '>'],
  [['less', 'than'], '<'], [['fewer', 'than'], '<'], [['lower', 'than'], '<'], [['under'], '<'], [['below'], '<'],
  [['at', 'most'], '<='], [['up', 'to'], '<='], [['no', 'more', 'than'], '<='], [['as', 'high', 'as'], '<='],
  [['as', 'many', 'as'], '<='], [['as', 'much', 'as'], '<='],
  [['about'], '~'], [['around'], '~'], [['roughly'], '~'], [['approximately'], '~'], [['nearly'], '~'], [['almost'], '~'],
  [['some'], '~'], [['circa'], '~'], [['close', 'to'], '~'], [['an', 'estimated'], '~'], [['exactly'], '='], [['precisely'], '='],
];

export function readBound(tokens: Token[], i: number): { bound: Bound; from: number } {
  // Plain loops: this runs for every number of every indexed sentence, and a callback per bound is garbage.
  for (let b = 0; b < BOUNDS.length; b++) {
    const words = BOUNDS[b][0];
    const s = i - words.length;
    if (s < 0) continue;
    let k = 0;
    while (k < words.length && tokens[s + k].lower === words[k]) k++;
    if (k === words.length) return { bound: BOUNDS[b][1], from: s };
  }
  return { bound: '=', from: i };
}

/**
 * The values a wording allows. An approximate figure ("about 12,000") allows 5% either way, so two approximate
 * figures 10% apart still meet and 25% apart do not, and no more than a unit of its last digit ("about 5.2" is 5.1
 * to 5.3). An exact figure allows half a unit of its last significant
 * digit ("8,568" ±0.5, "8.5 million" ±50,000), at most 2.5% of the value for round numbers ("1,400" ±35).
 */
export function interval(value: number, bound: Bound, unit = 0): [number, number] {
  switch (bound) {
    // "More than 80%" and "less than 80%" do not meet; "at least 80%" and "80%" do.
    case '>':
      return [value + Math.abs(value) * 1e-9 + 1e-12, Infinity];
    case '<':
      return [-Infinity, value - Math.abs(value) * 1e-9 - 1e-12];
    case '>=':
      return [value, Infinity];
    case '<=':
      return [-Infinity, value];
    case '~': {
      // "About 5.2 billion" is 5.1 to 5.3 billion: no looser than a unit of the last digit written.
      const tol = unit ? Math.min(unit, Math.abs(value) * 0.05) : Math.abs(value) * 0.05;
      return [value - tol, value + tol];
    }
    default: {
      const tol = unit ? Math.min(unit / 2, Math.abs(value) * 0.025) : Math.abs(value) * 0.005;
      return [value - tol, value + tol];
    }
  }
}

/** The unit of the last significant digit of a number as written ("8.5" → 0.1, "1400" → 100, "8568" → 1). */
export function lastDigitUnit(digits: string): number {
  const d = digits.replace(/,/g, '');
  const dot = d.indexOf('.');
  if (dot >= 0) return 10 ** -(d.length - dot - 1);
  const m = /0+$/.exec(d);
  return m && m[0].length < d.length ? 10 ** m[0].length : 1;
}

const MERIDIEM = /^(?:am|pm|a|p)$/;
/** Reads a time of day at token i: "5:07 p.m.", "10pm", "1:30 a.m.", "9:30" (then `ambiguous`). */
export function readTime(tokens: Token[], i: number): { value: number; next: number; ambiguous: boolean } | null {
  const t = tokens[i];
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(t.lower);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 23 || min > 59) return null;
  let next = i + 1;
  const x = tokens[next]?.lower;
  let mer: string | undefined;
  if (x && MERIDIEM.test(x) && (x.length === 2 || tokens[next + 1]?.lower === 'm')) {
    mer = x[0];
    next += x.length === 2 ? 1 : 2;
  } else if (x === 'o' && tokens[next + 1]?.lower === 'clock') next += 2;
  else if (!m[2]) return null;
  if (mer) {
    if (h > 12 || h === 0) return null;
    h = (h % 12) + (mer === 'p' ? 12 : 0);
  }
  // "in the morning" / "at night" settle a time given without a.m./p.m.
  let ambiguous = !mer && h <= 12;
  const after = tokens.slice(next, next + 3).map((x) => x.lower).join(' ');
  if (ambiguous && /^(?:in the morning|this morning)/.test(after)) ambiguous = false;
  else if (ambiguous && /^(?:in the (?:afternoon|evening)|at night|tonight)/.test(after)) {
    h = (h % 12) + 12;
    ambiguous = false;
  }
  return { value: h * 60 + min, next, ambiguous };
}

/** Reads a number at token i (digits, or number words like "twenty three", "a", "a pair of"). */
export function readNumber(tokens: Token[], i: number): { value: number; next: number; article?: boolean } | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === 'number') {
    const v = Number(t.lower.replace(/,/g, ''));
    if (!Number.isFinite(v)) return null;
    let next = i + 1;
    let value = v;
    const sc = tokens[next] && SCALES[tokens[next].lower];
    if (sc && (tokens[next].lower.length > 2 || tokens[next].start === t.end)) {
      value *= sc;
      next++;
    }
    return { value, next };
  }
  const w = t.lower;
  if ((w === 'pair' || w === 'couple') && tokens[i + 1]?.lower === 'of') return { value: 2, next: i + 2 };
  if (w === 'dozen') return { value: 12, next: i + 1 };
  let value = 0;
  let j = i;
  let any = false;
  let current = 0;
  // "a hundred and five", "a thousand": the article is the one.
  if ((w === 'a' || w === 'an') && (tokens[i + 1]?.lower === 'hundred' || (SCALES[tokens[i + 1]?.lower ?? ''] && tokens[i + 1].lower.length > 2))) {
    current = 1;
    any = true;
    j++;
  }
  while (j < tokens.length) {
    const x = tokens[j].lower;
    if (UNITS[x] !== undefined) current += UNITS[x];
    else if (TENS[x] !== undefined) current += TENS[x];
    else if (x === 'hundred' && any) current *= 100;
    else if (SCALES[x] && x.length > 2 && any) {
      value += (current || 1) * SCALES[x];
      current = 0;
    } else if (x === 'and' && any && (UNITS[tokens[j + 1]?.lower] !== undefined || TENS[tokens[j + 1]?.lower] !== undefined)) {
      /* "one hundred and five" */
    } else break;
    any = true;
    j++;
  }
  if (!any) return null;
  return { value: value + current, next: j };
}
