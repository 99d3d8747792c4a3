/**
 * A deterministic generator of article-like text for the benchmark: headlines, paragraphs of sentences with
 * people, organisations, places, numbers, percentages, money, dates and quotes; and drafts whose sentences
 * paraphrase the corpus (synonyms, reordering, number formats), contradict it (a changed figure) or are new.
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYL = ['ka', 'lo', 'ven', 'mar', 'sil', 'to', 'ra', 'bel', 'dan', 'fi', 'gor', 'hal', 'is', 'jun', 'kel', 'mi', 'nor', 'pe', 'qui', 'sen', 'tal', 'ur', 'vik', 'wen', 'zo'];
const ROLES = ['spokesperson', 'director', 'analyst', 'economist', 'minister', 'engineer', 'researcher', 'chief executive', 'lawyer', 'professor'];
const ORG_KIND = ['Council', 'Institute', 'Bank', 'Authority', 'Group', 'Agency', 'Foundation', 'Ministry', 'Union', 'Corporation'];
// Words with a paraphrase the drafts may use instead: [source word, draft word].
const PAIRS: [string, string][] = [
  ['said', 'stated'], ['increased', 'raised'], ['reduced', 'cut'], ['approved', 'endorsed'], ['rejected', 'refused'],
  ['announced', 'declared'], ['bought', 'purchased'], ['built', 'constructed'], ['began', 'started'], ['ended', 'finished'],
  ['warned', 'cautioned'], ['expanded', 'extended'], ['delayed', 'postponed'], ['hired', 'employed'], ['closed', 'shut'],
];
// Stance verbs and a synonym: [base form, synonym base form].
const STANCES: [string, string][] = [['support', 'back'], ['oppose', 'resist'], ['endorse', 'approve'], ['welcome', 'embrace']];
const EFFECTS: [string, string][] = [['protect', 'shield'], ['harm', 'damage'], ['help', 'aid'], ['threaten', 'endanger']];
const NOUNS = ['budget', 'plan', 'project', 'program', 'bridge', 'factory', 'school', 'hospital', 'contract', 'policy', 'tax', 'fund', 'network', 'railway', 'harbor', 'market', 'reform', 'study', 'report', 'agreement', 'license', 'merger', 'strike', 'survey', 'election', 'investment', 'tariff', 'subsidy', 'pipeline', 'reactor'];
const COUNTED = ['workers', 'homes', 'students', 'patients', 'vehicles', 'jobs', 'families', 'stores', 'flights', 'members'];
const ADJ = ['new', 'regional', 'national', 'controversial', 'ambitious', 'costly', 'long-awaited', 'temporary', 'public', 'private'];
const PLACES = ['Northport', 'Lake Arden', 'Westfield', 'Castel', 'Brimley', 'Oakham', 'Riverton', 'Saltmarsh', 'Highgate', 'Dunmore'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const NUMWORDS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const FILLER = [
  'The decision drew criticism from several local groups.',
  'Observers expect further debate in the coming weeks.',
  'Details of the arrangement were not made public.',
  'Residents gathered outside the building during the meeting.',
  'The move follows months of negotiations between the parties.',
  'Opposition members called for an independent review.',
];

/** One generated fact: its sentence in a source, a paraphrase for a draft, and a contradicting version. */
export interface Fact {
  article: number;
  source: string;
  paraphrase: string;
  contradiction: string;
}

export interface GeneratedCorpus {
  files: { path: string; text: string }[];
  facts: Fact[];
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function name(r: () => number): string {
  const w = () => {
    const s = pick(r, SYL) + pick(r, SYL) + (r() < 0.5 ? pick(r, SYL) : '');
    return s[0].toUpperCase() + s.slice(1);
  };
  return `${w()} ${w()}`;
}

/** `n` articles of about `words` words each. */
export function generateCorpus(n: number, seed = 1, words = 800): GeneratedCorpus {
  const r = rng(seed);
  const files: { path: string; text: string }[] = [];
  const facts: Fact[] = [];
  for (let a = 0; a < n; a++) {
    const org = `${pick(r, PLACES)} ${pick(r, ORG_KIND)}`;
    const person = name(r);
    const role = pick(r, ROLES);
    const place = pick(r, PLACES);
    const topic = pick(r, NOUNS);
    const lines: string[] = [`${org} ${pick(r, PAIRS)[0]} ${pick(r, ADJ)} ${topic} in ${place}`];
    let count = 0;
    let para: string[] = [];
    while (count < words) {
      const [verb, syn] = pick(r, PAIRS);
      const noun = pick(r, NOUNS);
      const adj = pick(r, ADJ);
      // About a third of news sentences carry a figure; the rest are statements, stances and quotes.
      const kind = Math.floor(r() * 9);
      let s: string;
      let p: string;
      let c: string;
      if (kind === 0) {
        const pct = 5 + Math.floor(r() * 90);
        s = `The ${org} ${verb} the ${adj} ${noun} by ${pct} percent, ${person} said.`;
        p = `${person} stated that the ${org} ${syn} the ${adj} ${noun} by ${pct}%.`;
        c = `The ${org} ${verb} the ${adj} ${noun} by ${pct + 20 + Math.floor(r() * 10)} percent, ${person} said.`;
      } else if (kind === 1) {
        const m = 1 + Math.floor(r() * 11);
        s = `${person}, the ${role} of the ${org}, ${verb} a ${m}-month ${noun} for ${place}.`;
        p = `The ${org}'s ${role}, ${person}, ${syn} a ${NUMWORDS[m] || m} month ${noun} for ${place}.`;
        c = `${person}, the ${role} of the ${org}, ${verb} a ${m + 3}-month ${noun} for ${place}.`;
      } else if (kind === 2) {
        const k = 20 + Math.floor(r() * 900);
        const what = pick(r, COUNTED);
        s = `The ${adj} ${noun} in ${place} will affect ${k} ${what}, according to the ${org}.`;
        p = `According to the ${org}, ${k} ${what} will be affected by the ${adj} ${noun} in ${place}.`;
        c = `The ${adj} ${noun} in ${place} will affect ${k * 3} ${what}, according to the ${org}.`;
      } else if (kind === 3) {
        const y = 2000 + Math.floor(r() * 25);
        const mo = pick(r, MONTHS);
        s = `In ${mo} ${y}, the ${org} ${verb} its ${noun} after a vote of ${3 + Math.floor(r() * 9)} to ${Math.floor(r() * 3)}.`;
        p = `The ${org} ${syn} its ${noun} in ${mo} ${y}.`;
        c = `In ${mo} ${y - 2}, the ${org} ${verb} its ${noun}.`;
      } else if (kind === 4) {
        const amt = 2 + Math.floor(r() * 400);
        s = `"We ${verb} the ${noun} because it costs $${amt} million," ${person} told reporters on ${pick(r, DAYS)}.`;
        p = `${person} told reporters the ${noun} costs $${amt} million.`;
        c = `${person} told reporters the ${noun} costs $${amt * 4} million.`;
      } else if (kind === 5) {
        const [base, baseSyn] = pick(r, STANCES);
        s = `The ${org} ${base}s the ${adj} ${noun} in ${place}, ${person} said.`;
        p = `${person} stated that the ${org} ${baseSyn}s the ${adj} ${noun} in ${place}.`;
        c = `The ${org} does not ${base} the ${adj} ${noun} in ${place}, ${person} said.`;
      } else if (kind === 6) {
        const [v, vSyn] = pick(r, EFFECTS);
        const what = pick(r, COUNTED);
        s = `"The ${noun} will ${v} our ${what}," ${person}, the ${role} of the ${org}, told the council.`;
        p = `${person} told the council that the ${noun} would ${vSyn} the ${org}'s ${what}.`;
        c = `"The ${noun} will not ${v} our ${what}," ${person}, the ${role} of the ${org}, told the council.`;
      } else if (kind === 7) {
        s = `${person} leads the ${org}'s work on the ${adj} ${noun} in ${place}.`;
        p = `The ${org}'s work on the ${adj} ${noun} in ${place} is led by ${person}.`;
        c = s;
      } else {
        s = pick(r, FILLER);
        p = s;
        c = s;
        para.push(s);
        count += s.split(' ').length;
        continue;
      }
      facts.push({ article: a, source: s, paraphrase: p, contradiction: c });
      para.push(s);
      count += s.split(' ').length;
      if (para.length >= 3 + Math.floor(r() * 3)) {
        lines.push('', para.join(' '));
        para = [];
      }
    }
    if (para.length) lines.push('', para.join(' '));
    files.push({ path: `article-${String(a).padStart(5, '0')}.txt`, text: lines.join('\n') + '\n' });
  }
  return { files, facts };
}

export interface GeneratedDraft {
  text: string;
  /** Sentences that paraphrase a fact, with the article that states it. */
  paraphrases: { sentence: string; article: number }[];
  contradictions: { sentence: string; article: number }[];
}

/** A draft of about `words` words: 40% paraphrases, 20% contradictions, 40% sentences no source states. */
export function generateDraft(corpus: GeneratedCorpus, words: number, seed = 7): GeneratedDraft {
  const r = rng(seed);
  const out: string[] = ['# Draft', ''];
  const paraphrases: GeneratedDraft['paraphrases'] = [];
  const contradictions: GeneratedDraft['contradictions'] = [];
  let count = 0;
  while (count < words) {
    const x = r();
    const f = pick(r, corpus.facts);
    let s: string;
    if (x < 0.4) {
      s = f.paraphrase;
      paraphrases.push({ sentence: s, article: f.article });
    } else if (x < 0.6) {
      s = f.contradiction;
      contradictions.push({ sentence: s, article: f.article });
    } else {
      s = `${name(r)} hopes the ${pick(r, NOUNS)} in ${name(r).split(' ')[0]} will ${pick(r, ['grow', 'change', 'recover', 'improve'])} before ${pick(r, MONTHS)}.`;
    }
    out.push(s, '');
    count += s.split(' ').length;
  }
  return { text: out.join('\n'), paraphrases, contradictions };
}
