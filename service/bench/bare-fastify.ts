// The baseline of bench/engines.ts: a bare Fastify route, same Fastify version as the service.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ status: "ok" }));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 18182) });
