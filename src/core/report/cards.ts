import type { Contradiction, PassageRef, SentenceResult } from '../check/result';
import type { LocatedPassage } from '../sources/locatedPassage';
import type { Source } from '../sources/source';
import type { Span } from '../text/text';

/**
 * Hover cards as Markdown. Everything that comes from a source or a draft is escaped: every ASCII punctuation
 * character is backslash-escaped, so no link, image, HTML, `command:` URI or emphasis can form from it.
 * The only links are the ones built here, to the `openCommand` given by the adapter.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~:"'&=@$%^;,?/]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/** Limits a long passage for display, keeping the matched words in view. */
function clip(s: string, max = 400): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/** A passage with its matched words in bold; `matched` are offsets into the source text. */
export function emphasise(passage: LocatedPassage, matched: Span[], max = 400): string {
  const { span, written: text } = passage;
  const inside = matched.filter((m) => m.start >= span.start && m.end <= span.end).sort((a, b) => a.start - b.start);
  let out = '';
  let at = span.start;
  for (const m of inside) {
    if (m.start < at) continue;
    out += escapeMarkdown(text.slice(at - span.start, m.start - span.start));
    out += `**${escapeMarkdown(text.slice(m.start - span.start, m.end - span.start))}**`;
    at = m.end;
    if (out.length > max * 2) break;
  }
  out += escapeMarkdown(clip(text.slice(at - span.start), max));
  return out.replace(/\s+/g, ' ').trim();
}

/** How the adapter links to a passage (its `range` says where): returns a URI (for example a `command:` URI of its own). */
export type PassageLink = (source: Source, passage: LocatedPassage) => string;

// Theme icons ($(name)) render in VS Code hovers; source text can never produce one, as `$` is escaped.
const STATUS_LABEL: Record<string, string> = {
  corroborated: '$(pass) Corroborated',
  'single-source': '$(info) Single source',
  contradicted: '$(error) Contradicted',
  disputed: '$(warning) Disputed',
  unsupported: '$(question) Unsupported',
  none: 'Not a factual claim',
};

function sourceLine(s: Source): string {
  const parts = [`**${escapeMarkdown(s.title)}**`];
  if (s.outlet) parts.push(escapeMarkdown(s.outlet));
  parts.push(`\`@${s.key.replace(/`/g, '')}\``);
  return parts.join(' · ');
}

/** How a sentence card is shown. */
export interface SentenceCardOptions {
  /**
   * True when the editor already shows the sentence's finding (its diagnostic, with the first contradiction's
   * reason or the unsupported note) right above the card: the card then does not repeat it.
   */
  findingShown?: boolean;
}

/** The hover card for a draft sentence. `total` is the number of sources (groups) indexed. */
export function renderSentenceCard(r: SentenceResult, total: number, link: PassageLink, options: SentenceCardOptions = {}): string {
  const lines: string[] = [];
  lines.push(`**${STATUS_LABEL[r.status]}** · ${r.support.length} of ${total} source${total === 1 ? '' : 's'} state this${r.contradictions.length ? ` · ${r.contradictions.length} contradict${r.contradictions.length === 1 ? 's' : ''} it` : ''}`);
  // Each source's line carries its Open passage link, so the link is in view even when the quote is not.
  const open = (p: PassageRef) => `[Open passage](${link(p.source, p.passage)})`;
  const quote = (p: PassageRef) => `> ${emphasise(p.passage, p.matched, 280)}`;
  if (r.contradictions.length) {
    // Contradictions first: they are what the writer acts on.
    r.contradictions.forEach((c, i) => {
      const reason = i === 0 && options.findingShown ? '' : `: ${escapeMarkdown(c.reason)}`;
      lines.push(`**Contradicted by** ${sourceLine(c.source)} · ${open(c)}${reason}\n\n${quote(c as Contradiction)}`);
    });
  }
  for (const p of r.support) lines.push(`${r.contradictions.length ? '**Stated by** ' : ''}${sourceLine(p.source)} · ${open(p)}\n\n${quote(p)}`);
  if (r.status === 'unsupported' && !options.findingShown) lines.push('No source states or contradicts this claim.');
  return lines.join('\n\n---\n\n');
}

/** The hover card for a citation key: the source's metadata and its passage closest to the sentence. */
export function renderCitationCard(source: Source | undefined, key: string, best: PassageRef | undefined, supports: boolean, link: PassageLink): string {
  if (!source) return `**Unknown citation key** \`@${key.replace(/`/g, '')}\`: no indexed source has this key.`;
  const meta: string[] = [`### ${escapeMarkdown(source.title)}`];
  const facts = [source.outlet && `Outlet: ${escapeMarkdown(source.outlet)}`, source.author && `Author: ${escapeMarkdown(source.author)}`, source.date && `Date: ${escapeMarkdown(source.date)}`, source.url && `URL: ${escapeMarkdown(source.url)}`, `File: ${escapeMarkdown(source.path)}`].filter(Boolean);
  meta.push(facts.join('  \n'));
  if (best) {
    meta.push(`${supports ? 'States this sentence' : 'Closest passage (does **not** state this sentence)'}:`);
    meta.push(`> ${emphasise(best.passage, best.matched)}\n>\n> [Open passage](${link(source, best.passage)})`);
  }
  return meta.join('\n\n');
}
