// Who is signed in, for pages that show or hide actions by role (the server checks every action again).
import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  name: string;
  email?: string;
  roles: string[];
  personId?: string;
  district?: { id: string; name: string };
}

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me | null {
  return useContext(MeContext);
}

export function hasRole(me: Me | null, roles: readonly string[]): boolean {
  return me !== null && me.roles.some((r) => roles.includes(r));
}
