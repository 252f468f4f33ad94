/** Roles from least to most privileged. */
export const ROLES = ["viewer", "analyst", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a route may demand; `public` routes skip authentication altogether. */
export const PERMISSIONS = ["batch:read", "verify", "sandbox:execute", "keys:manage", "security:read"] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type RoutePermission = Permission | "public";

/** The whole access matrix in one table: each route declares one permission, each role grants a set. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ["batch:read"],
  analyst: ["batch:read", "verify"],
  operator: ["batch:read", "verify", "sandbox:execute"],
  admin: PERMISSIONS,
};

export function allows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isRoutePermission(value: unknown): value is RoutePermission {
  return value === "public" || (PERMISSIONS as readonly unknown[]).includes(value);
}
