// `npm run bench -- integration`: the order system's loop in one run — HTTP order intake vs file import
// (integration-intake), the relay to a webhook receiver and commit → webhook latency vs a raw POST loop
// (integration-relay), and the broker: publish vs a raw publish loop, orders in over RabbitMQ vs file
// import (broker). Each part prints its own baseline beside it.
import type { BenchContext } from "./run.js";

export default async function integration(ctx: BenchContext): Promise<void> {
  for (const [name, load] of [
    ["HTTP intake", () => import("./integration-intake.js")],
    ["relay to webhooks", () => import("./integration-relay.js")],
    ["broker", () => import("./broker.js")],
  ] as const) {
    ctx.log(`-- ${name}`);
    await (await load()).default(ctx);
  }
}
