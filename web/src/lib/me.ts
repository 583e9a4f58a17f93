// Who is signed in, for pages that show or hide actions by role (the server checks every action again).
import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  name: string;
  email?: string;
  roles: string[];
  personId?: string;
  /** timezone: the IANA zone the district dates posts and consents in (a form's "today" is the district's). */
  district?: { id: string; name: string; timezone?: string };
}

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me | null {
  return useContext(MeContext);
}

export function hasRole(me: Me | null, roles: readonly string[]): boolean {
  return me !== null && me.roles.some((r) => roles.includes(r));
}
