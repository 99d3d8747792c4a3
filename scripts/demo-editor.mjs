#!/usr/bin/env node
// `npm run demo:editor`: VS Code in the browser (code-server) with the packaged extension and the example
// workspace, for trying Corroborate without installing VS Code. Prints the address; Ctrl+C stops it and removes
// its temporary folders (the harness does that on any exit).
import { join } from 'node:path';
import { copyWorkspace, exitOnSignalWith, installPackagedExtension, requirePrerequisites, root, startCodeServer, tempDir } from './editorHarness.mjs';

requirePrerequisites();
exitOnSignalWith(0); // Ctrl+C is how the demo is meant to end
const port = Number(process.env.PORT || 8765);
const extensionsDir = tempDir('corroborate-demo-ext-');
installPackagedExtension(extensionsDir);
const workspace = copyWorkspace(join(root, 'examples'));
const server = await startCodeServer({ folder: workspace, extensionsDir, userDataDir: tempDir('corroborate-demo-user-'), port });
console.log(`Corroborate demo: open ${server.url}\n(workspace copy: ${workspace}; open ai-pause-draft.md. Ctrl+C stops the demo and removes the copy.)`);
await new Promise(() => {});
