import type { DrillEnv, DrillSite } from "./drillEnv.js";
import { appStarter, freePort, freshDataVolume, provision, servicesOf, start, teardown } from "./environment.js";
import type { DrillSource } from "./source.js";

/**
 * A drill of a Compose instance, into a Compose instance `id` of the drills stack. Without WAL
 * archiving the first attempt is a dump: postgres starts at once, and everything else with the api,
 * during the restore. With archiving a base backup must be staged into an empty volume before the
 * server first starts, so the services that do not need it start now instead.
 */
export function composeDrill(repoRoot: string, id: string, src: DrillSource): DrillSite {
  return {
    async provision(cores: number): Promise<DrillEnv> {
      const p = await provision(repoRoot, id, src.images, await freePort(), cores);
      await start(
        p,
        src.cfg.backup.walArchiving ? servicesOf(p, (n) => !n.startsWith("api-") && n !== "postgres") : ["postgres"],
      );
      return {
        project: p.model.project,
        url: `https://127.0.0.1:${p.cfg.httpsPort}`,
        caFile: p.paths.caCert,
        startPostgres: () => start(p, ["postgres"]),
        emptyData: () => freshDataVolume(p),
        startApp: appStarter(p),
      };
    },
    teardown: () => teardown(repoRoot, id),
    keptNote: `kept running as instance ${id} (--keep): remove it with \`npm stop -- --purge\` on that instance`,
  };
}
