// Who is signed in (from the Shell query) and whether they may change the connection.
import type { JSX, ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ShellQuery } from "./gql/graphql";

export type Viewer = ShellQuery["viewer"];

export interface Session {
  viewer: Viewer;
  isAdmin: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function isAdminRole(role: string): boolean {
  return role === "FIRM_ADMIN" || role === "MASTER_ADMIN";
}

export function SessionProvider(props: { viewer: Viewer; children: ComponentChildren }): JSX.Element {
  const value = { viewer: props.viewer, isAdmin: isAdminRole(props.viewer.role) };
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
