// Parse an Argdown file with the reference parser (@argdown/core) and print
// its statements, relations, sections and errors as JSON.
// Usage: node argdown_parse.mjs NODE_MODULES_DIR FILE.argdown
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, file] = process.argv.slice(2);
const core = await import(pathToFileURL(join(modules, "@argdown/core/dist/index.js")).href);
const app = new core.ArgdownApplication();
app.addPlugin(new core.ParserPlugin(), "parse-input");
app.addPlugin(new core.ModelPlugin(), "build-model");
const result = app.run({ input: readFileSync(file, "utf8"), process: ["parse-input", "build-model"] });
const text = (s) => (s.members || []).map((m) => m.text).find((t) => t != null) ?? null;
const sections = [];
const walk = (list) => (list || []).forEach((s) => { sections.push(s.title); walk(s.children); });
walk(result.sections);
console.log(JSON.stringify({
  statements: Object.fromEntries(Object.entries(result.statements || {}).map(([k, s]) => [k, {
    text: text(s), tags: s.tags || [] }])),
  arguments: Object.keys(result.arguments || {}),
  relations: (result.relations || []).map((r) => [r.from.title, r.relationType, r.to.title]),
  sections,
  errors: [...(result.lexerErrors || []), ...(result.parserErrors || [])].map((e) => String(e.message)),
}));
