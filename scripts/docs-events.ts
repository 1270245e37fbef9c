// `npm run docs:events`: writes docs/events.md from the event catalogue (core/src/integration/catalogue.ts);
// core/src/integration/catalogue.test.ts checks that they agree.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { catalogueMarkdown } from "@pickpack/core";

writeFileSync(fileURLToPath(new URL("../docs/events.md", import.meta.url)), catalogueMarkdown());
