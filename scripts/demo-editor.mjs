#!/usr/bin/env node
// `npm run demo:editor`: VS Code in the browser (code-server) with the packaged extension and the example
// workspace, for trying Corroborate without installing VS Code. Prints the address; Ctrl+C stops it.
import { join } from 'node:path';
import { copyWorkspace, installPackagedExtension, requirePrerequisites, root, startCodeServer, tempDir } from './editorHarness.mjs';

requirePrerequisites();
const port = Number(process.env.PORT || 8765);
const extensionsDir = tempDir('corroborate-demo-ext-');
installPackagedExtension(extensionsDir);
const workspace = copyWorkspace(join(root, 'examples'));
const server = await startCodeServer({ folder: workspace, extensionsDir, userDataDir: tempDir('corroborate-demo-user-'), port });
console.log(`Corroborate demo: open ${server.url}\n(workspace copy: ${workspace}; open ai-pause-draft.md. Ctrl+C to stop.)`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
await new Promise(() => {});
