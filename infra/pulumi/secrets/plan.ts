import type { SecretKey } from "../../config/load.js";
import type { EnvironmentModel, SecretName } from "../../model/types.js";

/**
 * Where each secret of the model comes from. Staging and prod read encrypted stack config
 * (`pulumi config set --secret`); local and drills generate throwaway values kept, encrypted, in the
 * stack state. The TLS pair follows tls.mode: provided (config) or self-signed (generated).
 */
export type SecretSource =
  | { name: SecretName; from: "config"; keys: SecretKey[] }
  | { name: SecretName; from: "random"; length: number }
  | { name: "tls_pem"; from: "self-signed" };

export const CONFIG_KEY_OF: Record<Exclude<SecretName, "tls_pem">, SecretKey> = {
  db_password: "dbPassword",
  db_owner_password: "dbOwnerPassword",
  db_app_password: "dbAppPassword",
  db_backup_password: "dbBackupPassword",
  redis_password: "redisPassword",
  admin_api_key: "adminApiKey",
  sandbox_token: "sandboxToken",
};

export function secretPlan(model: EnvironmentModel): SecretSource[] {
  const fromConfig = model.tier === "staging" || model.tier === "prod";
  return model.secrets.map((secret): SecretSource => {
    if (secret.name === "tls_pem") {
      return model.config.tls.mode === "provided"
        ? { name: "tls_pem", from: "config", keys: ["tlsCert", "tlsKey"] }
        : { name: "tls_pem", from: "self-signed" };
    }
    return fromConfig
      ? { name: secret.name, from: "config", keys: [CONFIG_KEY_OF[secret.name]] }
      : { name: secret.name, from: "random", length: secret.length };
  });
}
