#!/usr/bin/env node
// End to end: a person's session in VS Code (code-server) in headless Chromium, driven by Playwright, with the
// packaged extension and the example workspace. Screenshots of each step go to test-results/e2e/ (git-ignored).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, freePort, installPackagedExtension, launchBrowser, requirePrerequisites, root, startCodeServer, tempDir } from '../../scripts/editorHarness.mjs';

requirePrerequisites();
const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const started = Date.now();
const extensionsDir = tempDir('corroborate-e2e-ext-');
installPackagedExtension(extensionsDir);
const workspace = copyWorkspace(join(root, 'examples'));
const server = await startCodeServer({ folder: workspace, extensionsDir, userDataDir: tempDir('corroborate-e2e-user-'), port: await freePort() });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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

  await step('the Problems panel lists the findings', async () => {
    await palette('View: Focus Problems');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    await panel.locator('.monaco-list-row', { hasText: 'source says 30 days, draft says 90 days' }).first().waitFor({ timeout: 30_000 });
    await panel.locator('.monaco-list-row', { hasText: 'Only one source states this' }).first().waitFor();
  });
  await page.keyboard.press('Control+J'); // hide the panel again, as a writer would

  await step('hovering a sentence shows the card with a quoted passage', async (snap) => {
    await reveal('executive order');
    await page.mouse.move(0, 0);
    await editorLine('executive order').locator('span', { hasText: 'executive order' }).first().hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Contradicted' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await hover.innerText();
    await snap();
    if (!/30 days/.test(text) || !/Open passage/.test(text)) throw new Error(`hover text: ${text.slice(0, 400)}`);
  });

  await step('typing [@ lists the sources', async (snap) => {
    await page.keyboard.press('Escape');
    await reveal('private funding round');
    await editorLine('private funding round').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' [@');
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: 15_000 });
    await widget.locator('.monaco-list-row', { hasText: 'malasauskas' }).first().waitFor();
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
    await editorLine('executive order').locator('span', { hasText: '90' }).first().click();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-item', { hasText: "Replace with the source's figure" }).first();
    await fix.waitFor({ state: 'visible', timeout: 15_000 });
    await snap();
    await fix.click();
    await editorLine('signed an executive order giving the government 30').waitFor({ timeout: 15_000 });
  });

  await step('the Sources view lists the sources with counts', async () => {
    await palette('Corroborate: Focus on Sources View');
    await page.locator('.pane-body .monaco-list-row', { hasText: '@malasauskas' }).first().waitFor({ timeout: 15_000 });
  });
} finally {
  await browser.close();
  server.stop();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`  screenshots: ${shots} (${Math.round((Date.now() - started) / 1000)} s)`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
