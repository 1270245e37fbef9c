// `npm run demo:generate`: (re)write data/demo/ from the seeded generator, dated from today.
import { writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateDemo } from "./generate.js";

const dir = fileURLToPath(new URL("../../demo/", import.meta.url));
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(generateDemo(undefined, { now: Date.now() }).files)) {
  writeFileSync(dir + name, text);
  console.log(`wrote data/demo/${name} (${text.length} bytes)`);
}
