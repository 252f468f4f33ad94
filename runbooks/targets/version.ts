import type { StackConfig } from "../../infra/config/schema.js";
import { apiService } from "../../infra/model/services/api.js";
import type { Colour } from "../plan/types.js";

/** What a colour answers in x-app-version when it runs `image`: the model's own APP_VERSION for it. */
export const appVersionOf = (cfg: StackConfig, colour: Colour, image: string): string | undefined =>
  apiService(cfg, colour, 1, image).env.APP_VERSION;
