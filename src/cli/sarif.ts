import { relative, resolve } from 'node:path';
import { FINDING_CODES, type JsonFile, type JsonReport } from '../core';

/** The `--format sarif` output: the JSON report's findings (and figure fixes) as SARIF 2.1.0, paths relative to the working folder. */
export function toSarif(report: JsonReport): unknown {
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'corroborate', informationUri: 'https://github.com/corroborate/corroborate', rules: FINDING_CODES.map((id) => ({ id })) } },
        results: report.files.flatMap((f) => {
          const uri = relative(process.cwd(), resolve(f.file)).split('\\').join('/');
          const region = (r: JsonFile['findings'][number]['range']) => ({ startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
          return f.findings.map((x) => ({
            ruleId: x.code,
            level: level(x.severity),
            message: { text: x.message },
            locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(x.range) } }],
            ...(x.fix
              ? { fixes: [{ description: { text: `Replace with the source's figure: ${x.fix.text}` }, artifactChanges: [{ artifactLocation: { uri }, replacements: [{ deletedRegion: region(x.fix.range), insertedContent: { text: x.fix.text } }] }] }] }
              : {}),
          }));
        }),
      },
    ],
  };
}
