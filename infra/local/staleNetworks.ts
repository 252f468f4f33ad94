import { run } from "../exec/run.js";
import { BRIDGE_NAME_OPTION, bridgeOptions } from "../model/hostGuard.js";
import type { EnvironmentModel } from "../model/types.js";

/** A network of the instance as the engine has it: its name and driver options (absent: not made yet). */
export interface ExistingNetwork {
  name: string;
  options?: Record<string, string>;
}

/**
 * The instance's networks whose bridge name is not the one the model gives them: made by a checkout
 * before the host guard (Docker's own `br-…` name), which the guard does not know. Compose refuses to
 * start into them ("needs to be recreated"); they are recreated by stopping the instance first.
 */
export function staleNetworks(model: EnvironmentModel, existing: ExistingNetwork[]): string[] {
  return model.networks.flatMap((n) => {
    const name = `${model.project}-${n.name}`;
    const found = existing.find((e) => e.name === name);
    if (found?.options === undefined) return [];
    const want = bridgeOptions(model.project, n)[BRIDGE_NAME_OPTION];
    return found.options[BRIDGE_NAME_OPTION] === want ? [] : [name];
  });
}

/** What the engine has of the model's networks (the I/O seam: `docker network inspect`). */
export async function inspectNetworks(model: EnvironmentModel): Promise<ExistingNetwork[]> {
  const names = model.networks.map((n) => `${model.project}-${n.name}`);
  return Promise.all(
    names.map(async (name) => {
      const options = await run(["docker", "network", "inspect", "--format", "{{json .Options}}", name]).then(
        (out) => (JSON.parse(out) as Record<string, string> | null) ?? {},
        () => undefined,
      );
      return options === undefined ? { name } : { name, options };
    }),
  );
}
