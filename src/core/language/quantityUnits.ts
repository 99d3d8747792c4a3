// The words quantities are written with: number words, units, months and weekdays, currencies, and the words that
// can start a quantity.

export const UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, zero: 0,
};
export const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
export const SCALES: Record<string, number> = {
  hundred: 1e2, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12, k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, b: 1e9, tn: 1e12,
};
export const FRACTIONS: Record<string, number> = {
  half: 50, halves: 50, halfway: 50, third: 100 / 3, thirds: 100 / 3, quarter: 25, quarters: 25, fifth: 20, fifths: 20, tenth: 10, tenths: 10,
};
export const DURATION: Record<string, number> = {
  second: 1 / 86400, seconds: 1 / 86400, minute: 1 / 1440, minutes: 1 / 1440, hour: 1 / 24, hours: 1 / 24, day: 1, days: 1,
  week: 7, weeks: 7, fortnight: 14, fortnights: 14, month: 30.44, months: 30.44, quarter: 91.31, year: 365.25, years: 365.25,
  decade: 3652.5, decades: 3652.5, century: 36525, centuries: 36525,
};
/** Units of length, in metres ("2.6 kilometres" meets "1.6 miles"; "984-foot" is a length). */
export const LENGTH: Record<string, number> = {
  km: 1000, kilometre: 1000, kilometres: 1000, kilometer: 1000, kilometers: 1000, m: 1, metre: 1, metres: 1, meter: 1, meters: 1,
  cm: 0.01, centimetres: 0.01, centimeters: 0.01, mile: 1609.344, miles: 1609.344, mi: 1609.344, foot: 0.3048, feet: 0.3048, ft: 0.3048,
  yard: 0.9144, yards: 0.9144, inch: 0.0254, inches: 0.0254, nautical: 1852,
};
/** Speeds, in km/h: "mph", "knots", or a length "per hour" / "an hour". */
export const SPEED: Record<string, number> = { mph: 1.609344, kph: 1, kmh: 1, knot: 1.852, knots: 1.852 };
/** Ordinal words of a day of the month ("the third of May"); "twenty-first" is "twenty" and "first". */
export const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18,
  nineteenth: 19, twentieth: 20, thirtieth: 30,
};
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
export const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const CURRENCY_SYMBOL: Record<string, true> = { $: true, '€': true, '£': true, '¥': true };
export const CURRENCY_WORD = new Set(['dollar', 'dollars', 'euro', 'euros', 'pound', 'pounds', 'yen', 'usd', 'eur', 'gbp']);

/** Words that can start a quantity (besides digits and currency symbols). */
export const TRIGGERS = new Set([
  ...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(FRACTIONS), ...MONTHS, ...MONTH_ABBR, ...WEEKDAYS,
  'a', 'an', 'pair', 'couple', 'dozen', 'majority', 'minority', 'hundred', 'thousand', 'million', 'billion', 'trillion',
]);

/**
 * Words whose presence means a sentence may hold a quantity, for the indexer's fast path: number and fraction
 * words, units of time, weekdays and the like. Articles and month names are not needed: an article makes a
 * quantity only before a unit of time or a fraction ("a month", "a third"), and a month only with a year (digits).
 */
export const SCAN_TRIGGERS = new Set([...TRIGGERS, ...Object.keys(DURATION), 'times', 'fold']);
for (const w of ['a', 'an', ...MONTHS, ...MONTH_ABBR]) SCAN_TRIGGERS.delete(w);
