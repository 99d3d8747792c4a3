#!/usr/bin/env node
// End to end: a person's session in VS Code (code-server) in headless Chromium, driven by Playwright, with the
// packaged extension and the example workspace. Screenshots of each step go to test-results/e2e/ (git-ignored).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, freePort, installPackagedExtension, launchBrowser, requirePrerequisites, root, startCodeServer, tempDir } from '../../scripts/editorHarness.mjs';

requirePrerequisites();
const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const started = Date.now();
const extensionsDir = tempDir('corroborate-e2e-ext-');
installPackagedExtension(extensionsDir);
const workspace = copyWorkspace(join(root, 'examples'));
// Hostile source files beside the draft: the features must keep working and the output must name what was skipped.
cpSync(join(root, 'test', 'fixtures', 'hostile'), join(workspace, 'sources', 'hostile'), { recursive: true });
// A plain-text draft, for the Insert Citation key binding outside Markdown.
writeFileSync(join(workspace, 'notes.txt'), 'Anthropic is calling for a coordinated, worldwide pause on frontier AI development.\n');
// The writer's project file: their own folders (one of PDFs), and the bundled seeds asked for by name, since a
// workspace with sources of its own does not get them otherwise.
{
  const esbuild = await import('esbuild');
  const out = join(tempDir('corroborate-pdf-'), 'makePdf.cjs');
  await esbuild.build({ entryPoints: [join(root, 'test', 'fixtures', 'makePdf.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
  const { makePdf } = (await import('node:module')).createRequire(import.meta.url)(out);
  mkdirSync(join(workspace, 'papers'));
  writeFileSync(join(workspace, 'papers', 'oversight-report.pdf'), makePdf([['Oversight board report.'], ['The board reviewed the pause on frontier AI training in its second session.']], { title: 'Oversight board report' }));
  writeFileSync(join(workspace, 'corroborate.json'), JSON.stringify({ sources: ['sources', 'papers'], includeBundled: true }, null, 2) + '\n');
}
const server = await startCodeServer({ folder: workspace, extensionsDir, userDataDir: tempDir('corroborate-e2e-user-'), port: await freePort() });
const browser = await launchBrowser();
let page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const results = [];
let n = 0;

async function step(name, fn) {
  const t0 = Date.now();
  let shot = false;
  // A step calls snap() at the moment worth seeing; otherwise the screenshot is taken when it ends.
  const snap = async () => {
    shot = true;
    await page.screenshot({ path: join(shots, `${String(n + 1).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) });
  };
  try {
    await fn(snap);
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  ✖ ${name}\n      ${String(e.message ?? e).split('\n').slice(0, 6).join('\n      ')}`);
  }
  if (!shot) await snap();
  n++;
}

const draftLines = readFileSync(join(root, 'examples', 'ai-pause-draft.md'), 'utf8').split('\n');
const editorLine = (text) => page.locator('.monaco-editor .view-line', { hasText: text }).first();
/** Scrolls the editor to the line holding `text` (Go to Line), so the editor renders it. */
const reveal = async (text) => {
  const line = draftLines.findIndex((l) => l.includes(text)) + 1;
  if (!line) throw new Error(`"${text}" is not in the example draft`);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await editorLine(text).waitFor({ state: 'visible' });
};
const palette = async (command) => {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command.replace(/^>\s*/, '') }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
};

try {
  await page.goto(server.url);
  await step('VS Code loads the workspace', async () => {
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {});
  });

  await step('open the example draft', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type('ai-pause-draft.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ai-pause-draft.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await editorLine('executive order').waitFor({ state: 'visible', timeout: 30_000 });
  });

  await step('the Problems panel lists the findings, unsupported claims included, reason and key first', async () => {
    await palette('View: Focus Problems');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    await panel.locator('.monaco-list-row', { hasText: /90 days — \[@[a-z-]+\] says 30/ }).first().waitFor({ timeout: 30_000 });
    await panel.locator('.monaco-list-row', { hasText: /Only \[@[a-z-]+\] states this/ }).first().waitFor();
    // The unsupported claim is listed too (filtered to it: the list is longer than the panel).
    const filter = page.locator('.markers-panel-action-filter input, .panel .viewpane-filter input').first();
    await filter.click();
    await page.keyboard.type('No source states');
    await panel.locator('.monaco-list-row', { hasText: 'No source states this: cite one or check it' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    // Related information names the seeds by readable file names, not hashes.
    const text = await panel.innerText();
    if (/[0-9]{3}_[0-9a-f]{16}\.txt/.test(text)) throw new Error(`a seed named by hash in the Problems panel: ${text.slice(0, 400)}`);
  });

  await step('with the Problems panel open, a hover on a contradicted sentence shows the reason and the card without scrolling', async (snap) => {
    await reveal('executive order');
    await page.mouse.move(0, 0);
    await editorLine('executive order').locator('span', { hasText: 'executive order' }).first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Contradicted' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await snap();
    const text = await hover.innerText();
    if (!/90 days — \[@[a-z-]+\] says 30/.test(text) || !/Contradicted by/.test(text) || !/Open passage/.test(text)) throw new Error(`hover text: ${text.slice(0, 400)}`);
    // The reason (from the diagnostic) and the card's first contradiction lie inside the hover's visible box: the
    // first occurrence of each text, measured where it is drawn.
    const seen = await hover.evaluate((el, needles) => {
      const box = el.getBoundingClientRect();
      return needles.map((needle) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          const b = r.getBoundingClientRect();
          return { needle, visible: b.top >= box.top - 1 && b.bottom <= box.bottom + 1 && b.bottom <= window.innerHeight, top: b.top, box: [box.top, box.bottom] };
        }
        return { needle, visible: false };
      });
    }, ['90 days — ', 'Contradicted by', 'Open passage']);
    for (const x of seen.slice(0, 2)) if (!x.visible) throw new Error(`not visible without scrolling: ${JSON.stringify(x)}`);
    console.log(`      hover: ${seen.map((x) => `${JSON.stringify(x.needle)} ${x.visible ? 'in view' : 'below the fold'}`).join(', ')}`);
    // The diagnostic names the first contradiction's reason; the card gives only the others' reasons.
    const contradicting = Number(/(\d+) contradicts? it/.exec(text)?.[1] ?? 0);
    const reasons = text.split('source says').length - 1;
    if (reasons !== contradicting - 1) throw new Error(`the card gives ${reasons} reasons for ${contradicting} contradicting sources (the first is in the diagnostic)`);
  });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+J'); // hide the panel again, as a writer would

  await step('typing [@ lists the sources', async (snap) => {
    await page.keyboard.press('Escape');
    await reveal('private funding round');
    await editorLine('private funding round').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' [@');
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    await widget.locator('.monaco-list-row', { hasText: 'malasauskas' }).first().waitFor();
    // The source that states the sentence says so, as the quick pick does.
    await widget.locator('.monaco-list-row', { hasText: '✓ states this' }).first().waitFor({ timeout: 5_000 });
    await snap();
    await page.keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  });

  await step('Insert Citation from the command palette inserts a key', async (snap) => {
    await reveal('Security Council');
    await editorLine('Security Council').locator('span', { hasText: 'Security' }).first().click();
    await palette('Corroborate: Insert Citation');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '@gogoai' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.type('gogoai'); // filter to one source, check it, accept
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await page.locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor({ timeout: 5_000 });
    await snap();
    await page.keyboard.press('Enter');
    await editorLine('Security Council has endorsed the proposal [@gogoai].').waitFor({ timeout: 15_000 });
  });

  await step('a quick fix replaces the contradicted figure', async (snap) => {
    await reveal('executive order');
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: "Replace with the source's figure" }).first();
    // A busy machine can swallow the first Ctrl+. (the editor still re-checking the last edit): ask up to three times,
    // as a person would, within the same 15 s.
    for (let attempt = 1; ; attempt++) {
      await editorLine('executive order').locator('span', { hasText: '90' }).first().click();
      await page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await snap();
    await fix.click();
    await editorLine('giving the government 30').waitFor({ timeout: 15_000 });
    await editorLine('days to review the most powerful').waitFor({ timeout: 5_000 });
  });

  await step('Insert Citation has its key binding in a plain-text draft', async (snap) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type('notes.txt');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.txt' }).first().waitFor();
    await page.keyboard.press('Enter');
    await editorLine('worldwide pause').locator('span', { hasText: 'worldwide' }).first().click();
    await page.keyboard.press('Control+Alt+C');
    await page.locator('.quick-input-widget', { hasText: 'Insert Citation' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'states this' }).first().waitFor({ timeout: 15_000 });
    await snap();
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 });
    // Back to the example draft (its tab): the status bar and the Sources view describe it from here on.
    await page.locator('.tab', { hasText: 'ai-pause-draft.md' }).first().click();
    await page.locator('.tab.active', { hasText: 'ai-pause-draft.md' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.statusbar', { hasText: /\d+ claims/ }).first().waitFor({ timeout: 30_000 });
  });

  await step('the output channel names the hostile files that were skipped', async () => {
    await palette('Corroborate: Show Output');
    const out = page.locator('.panel .monaco-editor .view-lines').first();
    await out.waitFor({ state: 'visible', timeout: 15_000 });
    // The output's lines wrap at the panel's width: read its text whole, not line by line.
    const shows = (needle, timeout) =>
      page.waitForFunction((n) => (document.querySelector('.panel .monaco-editor .view-lines')?.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').includes(n), needle, { timeout });
    await shows('binary.txt: looks like a binary file', 15_000);
    await shows('invalid-utf8.txt: not valid UTF-8', 5_000);
  });

  await step('with focus on the Output panel, the Sources view and status bar still describe the draft', async () => {
    await palette('Corroborate: Focus on Sources View');
    await page.locator('.pane-body .monaco-list-row', { hasText: '@malasauskas' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.pane-body .monaco-list-row', { hasText: /\d+ stated/ }).first().waitFor({ timeout: 15_000 });
    await page.locator('.statusbar', { hasText: /\d+ claims/ }).first().waitFor({ timeout: 5_000 });
  });

  await step('Open passage from a hover shows the passage start in the centre', async (snap) => {
    await reveal('executive order');
    await page.mouse.move(0, 0);
    await editorLine('executive order').locator('span', { hasText: 'executive order' }).first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Open passage' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await hover.locator('a', { hasText: 'Open passage' }).first().click();
    // The source opens beside the draft with the passage's first words in view.
    await page.locator('.tab', { hasText: /\.txt/ }).first().waitFor({ timeout: 15_000 });
    // The passage is selected, the cursor at its start (not at the top of the file): the status bar gives the source
    // editor's position with a selection ("Ln 14, Col 1 (235 selected)"), which the draft's cursor never has here.
    const at = page.locator('.statusbar', { hasText: /Ln (?!1, Col 1\b)\d+, Col \d+ \(\d+ selected\)/ }).first();
    await at.waitFor({ timeout: 10_000 });
    console.log(`      opened at: ${/Ln \d+, Col \d+ \(\d+ selected\)/.exec(await at.innerText())?.[0]}`);
    await snap();
  });

  await step('the Sources view says which sources are in use and lists the PDF', async (snap) => {
    await page.locator('.pane-body .monaco-list-row', { hasText: '@oversight-board-report' }).first().waitFor({ timeout: 15_000 });
    await page.getByText(/bundled seeds in use \(includeBundled is true\)/).first().waitFor({ timeout: 15_000 });
    await snap();
  });
} finally {
  await browser.close();
  server.stop();
}

// A newsroom-sized corpus: 1,000 generated articles in the workspace's sources/ folder. Typing starts as soon as
// the draft opens, while the extension is still indexing them, and every keystroke must show up promptly.
{
  const esbuild = await import('esbuild');
  const gen = join(tempDir('corroborate-gen-'), 'corpus.cjs');
  await esbuild.build({ entryPoints: [join(root, 'bench', 'corpus.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: gen, logLevel: 'error' });
  const { generateCorpus } = (await import('node:module')).createRequire(import.meta.url)(gen);
  const big = copyWorkspace(join(root, 'examples'));
  mkdirSync(join(big, 'sources'));
  for (const f of generateCorpus(1000, 5).files) writeFileSync(join(big, 'sources', f.path), f.text);
  const server2 = await startCodeServer({ folder: big, extensionsDir, userDataDir: tempDir('corroborate-e2e-user2-'), port: await freePort() });
  const browser2 = await launchBrowser();
  page = await browser2.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(server2.url);
    await step('with 1,000 sources, typing stays responsive while they are indexed', async (snap) => {
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
      await page.keyboard.type('ai-pause-draft.md');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ai-pause-draft.md' }).first().waitFor();
      await page.keyboard.press('Enter');
      await reveal('What would a verifiable');
      await editorLine('What would a verifiable').click();
      await page.keyboard.press('Control+End'); // a new paragraph at the end of the draft
      await page.keyboard.press('Enter');
      // Keystroke-to-screen latency while indexing runs, compared with the same typing once indexing is done, in the
      // same editor: a ratio, so a slow or busy machine slows both alike. An extension host that blocked the editor
      // while indexing would show as a multiple, not as a few milliseconds.
      const typeTimed = async (typed, onKey) => {
        const lat = [];
        for (let i = 0; i < typed.length; i++) {
          const t0 = Date.now();
          await page.keyboard.type(typed[i]);
          const sofar = typed.slice(0, i + 1).trimStart().replace(/ /g, '\u00a0');
          await page.waitForFunction((txt) => [...document.querySelectorAll('.monaco-editor .view-line')].some((l) => l.textContent.includes(txt)), sofar.slice(-12), { timeout: 5000, polling: 'raf' });
          lat.push(Date.now() - t0);
          await onKey?.(i);
        }
        lat.sort((a, b) => a - b);
        return { median: lat[Math.floor(lat.length / 2)], p95: lat[Math.floor(lat.length * 0.95)], n: lat.length };
      };
      let sawIndexing = false;
      const during = await typeTimed('Reporters asked whether the council approved it.', async (i) => {
        if (!sawIndexing) sawIndexing = /indexing sources/.test(await page.locator('.statusbar').innerText());
        if (i === 10) await snap();
      });
      // Once indexed, the draft's findings arrive.
      await page.locator('.statusbar', { hasText: /claims?/ }).first().waitFor({ timeout: 120_000 });
      await page.keyboard.press('Enter');
      const after = await typeTimed('Editors asked whether the panel agreed to it.');
      console.log(`      keystroke to screen while indexing: median ${during.median} ms, p95 ${during.p95} ms over ${during.n} keys (indexing seen: ${sawIndexing}); after indexing: median ${after.median} ms, p95 ${after.p95} ms`);
      if (!sawIndexing) console.log('      note: indexing had finished before typing began; both runs measured typing after indexing');
      // The typical keystroke is compared, and the tail only against a blocked editor: on two shared cores the p95 of 48
      // keys is the third-slowest key, which CPU contention alone moved from 82 to 331 ms in one CI run (while the median
      // was 59 against 41 ms). An extension host that held the editor for an indexing slice shows in both: every key
      // typed during the slice waits for it.
      const typical = Math.max(3 * after.median, after.median + 100);
      if (during.median > typical) throw new Error(`keystrokes while indexing took ${during.median} ms to appear (median), more than ${typical} ms (3 times the ${after.median} ms after indexing)`);
      const tail = Math.max(10 * after.p95, after.p95 + 1000);
      if (during.p95 > tail) throw new Error(`keystrokes while indexing took ${during.p95} ms to appear (p95), more than ${tail} ms (10 times the ${after.p95} ms after indexing)`);
    });
  } finally {
    await browser2.close();
    server2.stop();
  }
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`  screenshots: ${shots} (${Math.round((Date.now() - started) / 1000)} s)`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
